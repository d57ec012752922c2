using System.Globalization;

namespace NeuralNet.Data;

/// <summary>
/// Collects the labels of a class target: an id per row as rows arrive (looked up without allocating
/// a string for a label seen before), the classes put in their documented order at the end.
/// </summary>
internal sealed class CsvLabelColumn
{
    /// <summary>Returned by <see cref="Add"/> for a label outside the given class names.</summary>
    public const int Unknown = -1;

    /// <summary>Returned by <see cref="Add"/> when a new label would pass the class limit.</summary>
    public const int TooMany = -2;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _names = [];
    private readonly List<int> _rows = [];
    private readonly bool _namesGiven;
    private readonly int _maxClasses;

    /// <summary>Starts a column; with <paramref name="classNames"/> the classes and their order are fixed.</summary>
    public CsvLabelColumn(IReadOnlyList<string>? classNames, int maxClasses)
    {
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxClasses = maxClasses;
        if (classNames is not null)
        {
            _namesGiven = true;
            foreach (string name in classNames)
            {
                _ids.Add(name, _names.Count);
                _names.Add(name);
            }
        }
    }

    /// <summary>The distinct labels so far (all the given names when they were given).</summary>
    public int ClassCount => _names.Count;

    /// <summary>
    /// Checks a label before its row is committed: its class id when known, <see cref="int.MaxValue"/>
    /// when it is new and there is room for it, <see cref="Unknown"/> or <see cref="TooMany"/> otherwise.
    /// </summary>
    public int Check(ReadOnlySpan<char> label) =>
        _lookup.TryGetValue(label, out int id) ? id : _namesGiven ? Unknown : _names.Count >= _maxClasses ? TooMany : int.MaxValue;

    /// <summary>Adds a row's label (trimmed, and accepted by <see cref="Check"/>).</summary>
    public void Add(ReadOnlySpan<char> label)
    {
        if (!_lookup.TryGetValue(label, out int id))
        {
            id = _names.Count;
            string name = label.ToString();
            _ids.Add(name, id);
            _names.Add(name);
        }

        _rows.Add(id);
    }

    /// <summary>Whether every label seen is the number 0 or 1 (a binary target written as numbers) and no names were given.</summary>
    public bool AllZeroOrOne()
    {
        if (_namesGiven)
        {
            return false;
        }

        foreach (string name in _names)
        {
            if (!TryNumber(name, out double value) || value is not (0 or 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The class names in order, and each row's class index into them.</summary>
    /// <remarks>
    /// Unless the names were given: by numeric value when every label is a number (then ordinal text
    /// for equal values, "1" before "1.0"), otherwise by ordinal text — never by first appearance, so
    /// that shuffling the rows cannot change the classes.
    /// </remarks>
    public (string[] Names, int[] Labels) Finish()
    {
        string[] names = [.. _names];
        int[] order = new int[names.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (!_namesGiven)
        {
            double[] values = new double[names.Length];
            bool numeric = true;
            for (int i = 0; i < names.Length && numeric; i++)
            {
                numeric = TryNumber(names[i], out values[i]);
            }

            Array.Sort(order, numeric
                ? (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : string.CompareOrdinal(names[a], names[b])
                : (a, b) => string.CompareOrdinal(names[a], names[b]));
        }

        int[] classOf = new int[names.Length];
        string[] sorted = new string[names.Length];
        for (int rank = 0; rank < order.Length; rank++)
        {
            classOf[order[rank]] = rank;
            sorted[rank] = names[order[rank]];
        }

        int[] labels = new int[_rows.Count];
        for (int r = 0; r < labels.Length; r++)
        {
            labels[r] = classOf[_rows[r]];
        }

        return (sorted, labels);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
