namespace NeuralNet.Data;

/// <summary>Reading a dataset from a CSV file with a header, by column name or index.</summary>
public sealed partial class Dataset
{
    /// <summary>
    /// Reads a CSV file whose header names the columns; one column is the target, every other column a feature.
    /// </summary>
    /// <param name="path">The file; decompressed first when its name ends in <c>.gz</c> (a cut file is an error).</param>
    /// <param name="target">The name of the target column, as written in the header (case-sensitive).</param>
    /// <param name="options">Separator, target kind, missing values and limits; <see cref="CsvOptions.Default"/> when null.</param>
    /// <returns>
    /// A dataset with one row per data line, <see cref="FeatureNames"/> and <see cref="TargetNames"/> from
    /// the header, and <see cref="ClassNames"/> for class targets.
    /// </returns>
    /// <remarks>
    /// <para>
    /// The text is RFC 4180: fields may be quoted, with separators, line breaks and doubled quotes
    /// inside; the separator is <c>,</c>, <c>;</c> or tab (detected from the header line unless
    /// given). Numbers use the invariant culture (<c>1.5</c>, <c>-2e-3</c>) whatever the current
    /// culture; spaces around a value are ignored. The text is UTF-8 unless it starts with another
    /// byte order mark.
    /// </para>
    /// <para>
    /// The target's kind is <see cref="CsvOptions.Target"/>, or when unset: text labels make a class
    /// target (one-hot, classes in ordinal text order — see <see cref="CsvOptions.ClassNames"/>),
    /// numbers a regression target. Whole-number class labels need <see cref="TargetKind.Classes"/>.
    /// </para>
    /// <para>
    /// Every problem is an <see cref="InvalidDataException"/> that names the row (counting data rows
    /// from 1), the line and the column: a value that is not a finite number in a feature column, a
    /// missing value (unless <see cref="CsvOptions.DropIncompleteRows"/>), a row of another width, a
    /// quote never closed, or a limit of <see cref="CsvOptions"/> passed.
    /// </para>
    /// </remarks>
    /// <example><code>
    /// Dataset iris = Dataset.FromCsv("iris.csv", target: "species");
    /// // iris.FeatureNames: sepal_length, sepal_width, petal_length, petal_width
    /// // iris.ClassNames: setosa, versicolor, virginica (targets one-hot in that order)
    /// </code></example>
    /// <exception cref="ArgumentException">The options contradict each other, or the file has no such column.</exception>
    /// <exception cref="InvalidDataException">The file breaks a rule above.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset FromCsv(string path, string target, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ReadCsv(path, [target], null, nameof(target), options);
    }

    /// <summary>
    /// Reads a CSV file whose header names the columns, with several target columns (a multi-output
    /// regression, or multi-label 0/1 targets with <see cref="TargetKind.Binary"/>); every other column is a feature.
    /// </summary>
    /// <param name="path">The file; decompressed first when its name ends in <c>.gz</c>.</param>
    /// <param name="targets">The names of the target columns; the targets' columns follow this order.</param>
    /// <param name="options">As for <see cref="FromCsv(string, string, CsvOptions?)"/>, whose remarks apply.</param>
    /// <returns>A dataset with one target column per name (or one-hot classes for a single class column).</returns>
    /// <exception cref="ArgumentException">The options contradict each other, or the file has no such column.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or holds a bad value.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset FromCsv(string path, IReadOnlyList<string> targets, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return ReadCsv(path, targets, null, nameof(targets), options);
    }

    /// <summary>Reads a CSV file with the target in the column at a zero-based index; every other column is a feature.</summary>
    /// <param name="path">The file; decompressed first when its name ends in <c>.gz</c>.</param>
    /// <param name="targetColumn">The zero-based index of the target column.</param>
    /// <param name="options">As for <see cref="FromCsv(string, string, CsvOptions?)"/>; set <see cref="CsvOptions.HasHeader"/> false for a file without a header.</param>
    /// <returns>The dataset (names only when the file has a header).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetColumn"/> is negative.</exception>
    /// <exception cref="ArgumentException">The options contradict each other, or the file has fewer columns.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or holds a bad value.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset FromCsv(string path, int targetColumn, CsvOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetColumn);
        return ReadCsv(path, null, [targetColumn], nameof(targetColumn), options);
    }

    /// <summary>Reads a CSV file with several target columns at zero-based indexes; every other column is a feature.</summary>
    /// <param name="path">The file; decompressed first when its name ends in <c>.gz</c>.</param>
    /// <param name="targetColumns">The zero-based indexes of the target columns; the targets' columns follow this order.</param>
    /// <param name="options">As for <see cref="FromCsv(string, string, CsvOptions?)"/>.</param>
    /// <returns>The dataset (names only when the file has a header).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative.</exception>
    /// <exception cref="ArgumentException">The options contradict each other, or the file has fewer columns.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or holds a bad value.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset FromCsv(string path, IReadOnlyList<int> targetColumns, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        foreach (int column in targetColumns)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(column, nameof(targetColumns));
        }

        return ReadCsv(path, null, targetColumns, nameof(targetColumns), options);
    }

    private static Dataset ReadCsv(
        string path, IReadOnlyList<string>? names, IReadOnlyList<int>? indexes, string parameter, CsvOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= CsvOptions.Default;
        Validate(options, (names?.Count ?? indexes!.Count) > 1);
        using var reader = new StreamReader(DataFile.OpenRead(path), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return CsvDatasetReader.Read(reader, path, names, indexes, parameter, options);
    }

    private static void Validate(CsvOptions options, bool severalTargets)
    {
        const string name = nameof(options);
        if (options.Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"CsvOptions.Separator cannot be {(options.Separator == '"' ? "a quote" : "a line break")}.", name);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxColumns, 2, "options.MaxColumns");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordLength, 1, "options.MaxRecordLength");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRecordLength, Array.MaxLength / 2, "options.MaxRecordLength");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxClassCount, 2, "options.MaxClassCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValues, 2, "options.MaxValues");
        if (options.MissingValues is null || options.MissingValues.Any(m => m is null))
        {
            throw new ArgumentException("CsvOptions.MissingValues must be a list of strings (it may be empty).", name);
        }

        if (options.Target == TargetKind.Classes && severalTargets)
        {
            throw new ArgumentException(
                "TargetKind.Classes reads one column of labels; for several 0/1 columns (multi-label) use TargetKind.Binary.", name);
        }

        if (options.ClassNames is { } classes)
        {
            if (severalTargets || options.Target == TargetKind.Regression)
            {
                throw new ArgumentException("CsvOptions.ClassNames applies to one class column (Classes or Binary), not to regression or several columns.", name);
            }

            if (classes.Count < 2 || classes.Any(c => c is null) || classes.Distinct(StringComparer.Ordinal).Count() != classes.Count
                || (options.Target == TargetKind.Binary && classes.Count != 2))
            {
                throw new ArgumentException(
                    $"CsvOptions.ClassNames must hold {(options.Target == TargetKind.Binary ? "exactly two" : "two or more")} distinct names; it has {classes.Count}.", name);
            }
        }
    }
}
