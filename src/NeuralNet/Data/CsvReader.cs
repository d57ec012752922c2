using System.Globalization;
using System.Runtime.InteropServices;
using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Reads numeric CSV text into a matrix: one row per non-blank line, one column per value.
/// </summary>
/// <remarks>
/// <para>
/// Values are separated by commas or, on lines without a comma, by spaces and tabs; spaces around a
/// comma are ignored. Numbers use the invariant culture (<c>1.5</c>, <c>-2e-3</c>). Blank lines are
/// skipped. There is no quoting: the format is for numbers only.
/// </para>
/// <para>
/// Every value must be a finite number and every row must have as many values as the first;
/// anything else is an <see cref="InvalidDataException"/> naming the line and the offending token.
/// The values are gathered in memory before the matrix is built: the reader serves datasets that fit in RAM.
/// </para>
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads numeric CSV text from a reader into a [rows, columns] matrix.</summary>
    /// <param name="reader">The text; read to the end but not disposed.</param>
    /// <param name="skipHeader">Whether the first line is a header to ignore (it may hold any text).</param>
    /// <returns>A new matrix with one row per data line.</returns>
    /// <exception cref="InvalidDataException">
    /// A token is not a finite number, the rows have differing numbers of values, or there are no data rows.
    /// </exception>
    public static Tensor Read(TextReader reader, bool skipHeader = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader, skipHeader, "CSV");
    }

    /// <summary>
    /// Reads a numeric CSV file into a [rows, columns] matrix, decompressing it first when its name ends in <c>.gz</c>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="skipHeader">Whether the first line is a header to ignore (it may hold any text).</param>
    /// <returns>A new matrix with one row per data line.</returns>
    /// <exception cref="InvalidDataException">
    /// A token is not a finite number, the rows have differing numbers of values, there are no data rows,
    /// or a <c>.gz</c> file is not valid gzip.
    /// </exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor Read(string path, bool skipHeader = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new StreamReader(DataFile.OpenRead(path));
        return Parse(reader, skipHeader, path);
    }

    /// <summary>Parses the text; <paramref name="source"/> starts every error message.</summary>
    internal static Tensor Parse(TextReader reader, bool skipHeader, string source, int firstLineNumber = 1)
    {
        var values = new List<float>();
        int columns = -1, rows = 0, firstDataLine = 0;
        int lineNumber = firstLineNumber - 1;
        if (skipHeader && reader.ReadLine() is not null)
        {
            lineNumber++;
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            int count = ParseLine(line, values, source, lineNumber);
            if (columns < 0)
            {
                columns = count;
                firstDataLine = lineNumber;
            }
            else if (count != columns)
            {
                throw new InvalidDataException(
                    $"{source} line {lineNumber} has {count} values; line {firstDataLine} has {columns}. Every row needs the same number of values.");
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidDataException(
                skipHeader ? $"{source} has no data rows after its header." : $"{source} is empty: it has no data rows.");
        }

        return new Tensor(CollectionsMarshal.AsSpan(values), rows, columns);
    }

    /// <summary>Appends the values of one line and returns how many there were.</summary>
    private static int ParseLine(string line, List<float> values, string source, int lineNumber)
    {
        string[] tokens = line.Contains(',', StringComparison.Ordinal)
            ? line.Split(',', StringSplitOptions.TrimEntries)
            : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i];
            if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                string shown = token.Length == 0 ? "an empty value" : $"'{Shorten(token)}'";
                throw new InvalidDataException(
                    $"{source} line {lineNumber}, column {i + 1}: {shown} is not a number.");
            }

            if (!float.IsFinite(value))
            {
                throw new InvalidDataException(
                    $"{source} line {lineNumber}, column {i + 1}: '{Shorten(token)}' is not a finite float value.");
            }

            values.Add(value);
        }

        return tokens.Length;
    }

    private static string Shorten(string token) => token.Length <= 40 ? token : string.Concat(token.AsSpan(0, 40), "…");
}
