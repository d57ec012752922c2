using System.Globalization;
using System.Runtime.InteropServices;
using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Turns CSV text into a <see cref="Dataset"/>: picks the target columns, parses the features, encodes
/// the targets by their <see cref="TargetKind"/>, and reports every bad cell by row and column.
/// </summary>
/// <remarks>
/// Each row is checked whole before any of it is kept, so a row dropped for a missing value leaves
/// no trace (not even a class seen only there).
/// </remarks>
internal sealed class CsvDatasetReader
{
    private readonly CsvRecordReader _records;
    private readonly CsvOptions _options;
    private readonly string _source;
    private readonly string[] _missing;
    private string[]? _header;

    private CsvDatasetReader(TextReader text, string source, CsvOptions options)
    {
        _options = options;
        _source = source;
        _records = new CsvRecordReader(text, source, options.MaxRecordLength, options.MaxColumns);
        _missing = [.. options.MissingValues.Select(m => m.Trim())];
    }

    /// <summary>
    /// Reads the table; targets are named or indexed (exactly one of the two lists is given, as the
    /// argument <paramref name="parameter"/> of the public method).
    /// </summary>
    public static Dataset Read(
        TextReader text, string source, IReadOnlyList<string>? targetNames, IReadOnlyList<int>? targetIndexes, string parameter, CsvOptions options) =>
        new CsvDatasetReader(text, source, options).Read(targetNames, targetIndexes, parameter);

    private Dataset Read(IReadOnlyList<string>? targetNames, IReadOnlyList<int>? targetIndexes, string parameter)
    {
        _records.Separator = _options.Separator ?? _records.DetectSeparator();
        bool pending = false;
        if (_options.HasHeader)
        {
            _header = _records.Read() ? ReadHeader() : throw new InvalidDataException($"{_source} is empty: it has no header line.");
        }
        else
        {
            pending = _records.Read() ? true : throw new InvalidDataException($"{_source} is empty: it has no data rows.");
        }

        int columns = _header?.Length ?? _records.FieldCount;
        int[] targets = targetNames is not null
            ? CsvTargetColumns.ByName(targetNames, _header, _source, parameter)
            : CsvTargetColumns.ByIndex(targetIndexes!, columns, _source, parameter);
        if (targets.Length >= columns)
        {
            throw new ArgumentException(
                $"{_source} has {columns} columns and all are targets; at least one must remain as a feature.", parameter);
        }

        TargetKind? kind = _options.Target ?? (_options.ClassNames is not null ? TargetKind.Classes : targets.Length > 1 ? TargetKind.Regression : null);
        bool[] isTarget = new bool[columns];
        bool[] numeric = new bool[columns];
        for (int c = 0; c < columns; c++)
        {
            isTarget[c] = Array.IndexOf(targets, c) >= 0;
            numeric[c] = !isTarget[c] || kind == TargetKind.Regression || (kind == TargetKind.Binary && targets.Length > 1);
        }

        int labelColumn = numeric[targets[0]] ? -1 : targets[0];
        var labels = labelColumn >= 0 ? new CsvLabelColumn(_options.ClassNames, _options.MaxClassCount) : null;
        bool autoNumeric = kind is null; // a lone target of unknown kind: numbers so far?
        bool labelsOverflowed = false;
        var features = new List<float>();
        var numbers = new List<float>();
        float[] row = new float[columns];
        long rowNumber = 0;
        int kept = 0, dropped = 0;
        while (pending || _records.Read())
        {
            pending = false;
            rowNumber++;
            if (_records.FieldCount != columns)
            {
                throw new InvalidDataException(
                    $"{Where(rowNumber)} has {_records.FieldCount} values; {(_header is null ? "the first row" : "the header")} has {columns}. Every row needs the same number of values.");
            }

            if (!CheckRow(rowNumber, numeric, isTarget, kind, labelColumn, labels, row))
            {
                dropped++;
                continue;
            }

            if ((long)features.Count + numbers.Count + columns > _options.MaxValues)
            {
                throw new InvalidDataException(
                    $"{Where(rowNumber)}: the dataset would hold more than {_options.MaxValues} values (CsvOptions.MaxValues).");
            }

            for (int c = 0; c < columns; c++)
            {
                if (!isTarget[c])
                {
                    features.Add(row[c]);
                }
            }

            foreach (int t in targets)
            {
                if (t != labelColumn)
                {
                    numbers.Add(row[t]);
                }
            }

            if (labelColumn >= 0)
            {
                ReadOnlySpan<char> label = _records[labelColumn].Trim();
                if (autoNumeric)
                {
                    if (TryNumber(label, out float value))
                    {
                        numbers.Add(value);
                    }
                    else
                    {
                        autoNumeric = false;
                        numbers = []; // text: a class column after all
                    }
                }

                if (labelsOverflowed && !autoNumeric)
                {
                    throw TooManyClasses(rowNumber, labelColumn);
                }

                if (!labelsOverflowed && labels!.Check(label) == CsvLabelColumn.TooMany)
                {
                    labelsOverflowed = autoNumeric ? true : throw TooManyClasses(rowNumber, labelColumn);
                }

                if (!labelsOverflowed)
                {
                    labels!.Add(label);
                }
            }

            kept++;
        }

        if (kept == 0)
        {
            throw new InvalidDataException(dropped > 0
                ? $"{_source}: all {dropped} data rows have missing values and were dropped."
                : $"{_source} has no data rows{(_header is null ? "" : " after its header")}.");
        }

        var featureTensor = new Tensor(CollectionsMarshal.AsSpan(features), kept, columns - targets.Length);
        features = null!; // let the list go before the targets are built
        kind ??= autoNumeric ? TargetKind.Regression : TargetKind.Classes;
        (Tensor targetTensor, string[]? classNames) = kind == TargetKind.Regression || labelColumn < 0
            ? (new Tensor(CollectionsMarshal.AsSpan(numbers), kept, targets.Length), null)
            : CsvTargetColumns.Encode(labels!, kind.Value, kept, _options.MaxValues - featureTensor.Length, Describe(labelColumn), _source);
        return new Dataset(featureTensor, targetTensor)
        {
            FeatureNames = _header is null ? null : [.. Enumerable.Range(0, columns).Where(c => !isTarget[c]).Select(c => _header[c])],
            TargetNames = _header is null ? null : [.. targets.Select(t => _header[t])],
            ClassNames = classNames,
        };
    }

    /// <summary>Parses the numeric cells of the current row into <paramref name="row"/>; false when the row is dropped.</summary>
    private bool CheckRow(long rowNumber, bool[] numeric, bool[] isTarget, TargetKind? kind, int labelColumn, CsvLabelColumn? labels, float[] row)
    {
        for (int c = 0; c < numeric.Length; c++)
        {
            ReadOnlySpan<char> cell = _records[c];
            if (!numeric[c])
            {
                if (IsMissing(cell))
                {
                    return Missing(rowNumber, c, cell);
                }

                if (c == labelColumn && labels!.Check(cell.Trim()) == CsvLabelColumn.Unknown)
                {
                    throw new InvalidDataException(
                        $"{Where(rowNumber)}, {Describe(c)}: '{Shorten(cell.Trim())}' is not one of CsvOptions.ClassNames ({string.Join(", ", _options.ClassNames!)}).");
                }

                continue;
            }

            if (TryNumber(cell, out float value))
            {
                if (isTarget[c] && kind == TargetKind.Binary && value is not (0f or 1f))
                {
                    throw new InvalidDataException(
                        $"{Where(rowNumber)}, {Describe(c)}: {Shorten(cell.Trim())} is not 0 or 1; several Binary target columns must hold 0/1.");
                }

                row[c] = value;
                continue;
            }

            if (IsMissing(cell))
            {
                return Missing(rowNumber, c, cell);
            }

            string role = !isTarget[c]
                ? "feature columns must hold numbers"
                : _options.Target == TargetKind.Regression
                    ? "a Regression target must hold numbers; for class labels set CsvOptions.Target to TargetKind.Classes"
                    : "several target columns must hold numbers (Regression, or Binary 0/1); one column of class labels can be TargetKind.Classes";
            throw new InvalidDataException(
                float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? $"{Where(rowNumber)}, {Describe(c)}: '{Shorten(cell.Trim())}' is not a finite number."
                    : $"{Where(rowNumber)}, {Describe(c)}: '{Shorten(cell.Trim())}' is not a number; {role}.");
        }

        return true;
    }

    private bool Missing(long rowNumber, int column, ReadOnlySpan<char> cell) => _options.DropIncompleteRows
        ? false
        : throw new InvalidDataException(
            $"{Where(rowNumber)}, {Describe(column)}: the value is missing ({(cell.Trim().IsEmpty ? "empty" : $"'{cell.Trim()}'")}); set CsvOptions.DropIncompleteRows to leave such rows out.");

    private bool IsMissing(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> trimmed = cell.Trim();
        foreach (string marker in _missing)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private string[] ReadHeader()
    {
        string[] names = new string[_records.FieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            names[c] = _records[c].Trim().ToString();
            if (!seen.TryAdd(names[c], c))
            {
                throw new InvalidDataException(
                    $"{_source} header names column '{Shorten(names[c])}' twice (indexes {seen[names[c]]} and {c}); column names must be distinct.");
            }
        }

        return names;
    }

    private InvalidDataException TooManyClasses(long rowNumber, int column) => new(
        $"{Where(rowNumber)}, {Describe(column)}: more than {_options.MaxClassCount} distinct labels (CsvOptions.MaxClassCount); is this a class column?");

    private string Where(long rowNumber) => $"{_source} row {rowNumber} (line {_records.Line})";

    private string Describe(int column) =>
        _header is null ? $"column index {column}" : $"column '{Shorten(_header[column])}' (index {column})";

    private static bool TryNumber(ReadOnlySpan<char> text, out float value) =>
        FloatText.TryParse(text, out value) && float.IsFinite(value);

    internal static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
