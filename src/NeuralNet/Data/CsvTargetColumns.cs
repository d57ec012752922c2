using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>Finds the target columns of a table and encodes a label column's targets.</summary>
internal static class CsvTargetColumns
{
    /// <summary>The indexes of the named columns, in the order named.</summary>
    public static int[] ByName(IReadOnlyList<string> names, string[]? header, string source, string parameter)
    {
        if (header is null)
        {
            throw new ArgumentException(
                "Target columns are named but CsvOptions.HasHeader is false; without a header, give column indexes.", parameter);
        }

        int[] indexes = new int[names.Count];
        for (int i = 0; i < indexes.Length; i++)
        {
            indexes[i] = Array.IndexOf(header, names[i]);
            if (indexes[i] < 0)
            {
                string[] alike = [.. header.Where(h => string.Equals(h, names[i], StringComparison.OrdinalIgnoreCase))];
                string hint = alike.Length == 1 ? $" Did you mean '{alike[0]}'? Names are case-sensitive." : "";
                throw new ArgumentException(
                    $"{source} has no column '{CsvDatasetReader.Shorten(names[i])}'; its columns are {List(header)}.{hint}", parameter);
            }
        }

        EnsureDistinct(indexes, parameter);
        return indexes;
    }

    /// <summary>The given column indexes, checked against the table's width.</summary>
    public static int[] ByIndex(IReadOnlyList<int> indexes, int columns, string source, string parameter)
    {
        int[] result = [.. indexes];
        foreach (int index in result)
        {
            if (index >= columns)
            {
                throw new ArgumentException(
                    $"Target column index {index} is outside {source}, which has {columns} columns (indexes 0 to {columns - 1}).", parameter);
            }
        }

        EnsureDistinct(result, parameter);
        return result;
    }

    /// <summary>Encodes a label column as one-hot rows (Classes) or one 0/1 column (Binary).</summary>
    public static (Tensor Targets, string[] ClassNames) Encode(
        CsvLabelColumn labels, TargetKind kind, int rows, long maxValues, string column, string source)
    {
        bool zeroOne = kind == TargetKind.Binary && labels.AllZeroOrOne();
        (string[] names, int[] ids) = labels.Finish();
        if (kind == TargetKind.Binary)
        {
            if (!zeroOne && names.Length != 2)
            {
                throw new InvalidDataException(names.Length == 1
                    ? $"{source}, {column}: every row has the label '{CsvDatasetReader.Shorten(names[0])}'; a Binary target needs two, or CsvOptions.ClassNames to say which is 0 and which is 1."
                    : $"{source}, {column} has {names.Length} distinct labels ({List(names)}); a Binary target has two.");
            }

            var binary = new Tensor(rows, 1);
            for (int r = 0; r < rows; r++)
            {
                binary[r, 0] = zeroOne ? float.Parse(names[ids[r]], System.Globalization.CultureInfo.InvariantCulture) : ids[r];
            }

            return (binary, zeroOne ? ["0", "1"] : names);
        }

        if (names.Length < 2)
        {
            throw new InvalidDataException(
                $"{source}, {column}: every row has the label '{CsvDatasetReader.Shorten(names[0])}'; classification needs two classes or more (CsvOptions.ClassNames can name the absent ones).");
        }

        if ((long)rows * names.Length > maxValues)
        {
            // Checked before allocating: a small file of many rows and many labels must not cost gigabytes.
            throw new InvalidDataException(
                $"{source}: one-hot targets of {rows} rows × {names.Length} classes would pass the limit of values (CsvOptions.MaxValues), with the features.");
        }

        var oneHot = new Tensor(rows, names.Length);
        for (int r = 0; r < rows; r++)
        {
            oneHot[r, ids[r]] = 1f;
        }

        return (oneHot, names);
    }

    private static void EnsureDistinct(int[] indexes, string parameter)
    {
        if (indexes.Length == 0)
        {
            throw new ArgumentException("At least one target column is needed.", parameter);
        }

        if (indexes.Distinct().Count() != indexes.Length)
        {
            throw new ArgumentException("A target column is named twice; each may be a target once.", parameter);
        }
    }

    private static string List(string[] names) =>
        string.Join(", ", names.Take(20).Select(n => $"'{CsvDatasetReader.Shorten(n)}'")) + (names.Length > 20 ? $" and {names.Length - 20} more" : "");
}
