namespace NeuralNet.Data;

/// <summary>
/// How <see cref="Dataset.FromCsv(string, string, CsvOptions?)"/> reads a table: the separator, the
/// header, what the target is, what counts as missing, and the limits that keep a hostile file cheap.
/// </summary>
/// <remarks>
/// <para>
/// The limits bound the work a file can cause before it is refused with an
/// <see cref="InvalidDataException"/>: a header of a million columns stops at column
/// <see cref="MaxColumns"/> + 1, a line of a gigabyte without a line end (or a quote never closed)
/// stops after <see cref="MaxRecordLength"/> characters, and a target with ever more labels stops at
/// <see cref="MaxClassCount"/> + 1, and the dataset stops at <see cref="MaxValues"/> values (checked
/// before one-hot targets are allocated). Below them, memory grows only with the rows actually
/// present: 4 bytes per value kept, plus up to twice that while the lists grow and are copied.
/// </para>
/// </remarks>
public sealed class CsvOptions
{
    /// <summary>The options used when none are given.</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>
    /// The character between values: <c>','</c>, <c>';'</c> or <c>'\t'</c>; null (the default) detects
    /// it as the most frequent of the three, outside quotes, on the first line (ties in that order).
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether the first line names the columns (the default). Without a header, targets are chosen by
    /// column index and the dataset has no feature or target names.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// What the target columns hold; null (the default) decides from the data: a single target column
    /// with any value that is not a number is <see cref="TargetKind.Classes"/>, numbers only are
    /// <see cref="TargetKind.Regression"/>. Whole-number class labels (0, 1, 2) therefore need
    /// <see cref="TargetKind.Classes"/> or <see cref="TargetKind.Binary"/> said explicitly.
    /// </summary>
    public TargetKind? Target { get; init; }

    /// <summary>
    /// The classes in label order, when the data alone should not decide them (a file that lacks a
    /// class, or an order of your own); every label must then be one of them. Null (the default):
    /// the distinct labels, in ascending numeric order when every label is a number and in ordinal
    /// (culture-independent, case-sensitive) text order otherwise — so the order does not depend on
    /// the order of the rows. Implies <see cref="TargetKind.Classes"/> unless <see cref="Target"/> says
    /// <see cref="TargetKind.Binary"/>.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Whether rows with a missing value (see <see cref="MissingValues"/>) are left out; by default
    /// (false) such a row is an <see cref="InvalidDataException"/> naming its row and column.
    /// </summary>
    public bool DropIncompleteRows { get; init; }

    /// <summary>
    /// The texts that mark a missing value, compared after trimming spaces and ignoring case:
    /// by default the empty field, <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>null</c> and <c>?</c>.
    /// </summary>
    public IReadOnlyList<string> MissingValues { get; init; } = Array.AsReadOnly(["", "NA", "N/A", "NaN", "null", "?"]);

    /// <summary>The most columns a row may have: 16,384 by default (a spreadsheet's limit).</summary>
    public int MaxColumns { get; init; } = 16_384;

    /// <summary>
    /// The most characters one row may span, its quoted line breaks and its line end included:
    /// 1,048,576 by default (the parser's buffer grows to that many characters, twice as many bytes).
    /// </summary>
    public int MaxRecordLength { get; init; } = 1 << 20;

    /// <summary>The most distinct labels a class target may have: 1,000 by default.</summary>
    public int MaxClassCount { get; init; } = 1_000;

    /// <summary>
    /// The most values, features and targets together, the dataset may hold: 134,217,728 by default
    /// (512 MiB of floats; MNIST's 60,000 × 785 is 47 million). It bounds one-hot targets too, which
    /// a short file of many rows and many labels could otherwise make huge.
    /// </summary>
    public int MaxValues { get; init; } = 1 << 27;
}
