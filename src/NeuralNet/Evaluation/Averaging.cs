namespace NeuralNet.Evaluation;

/// <summary>
/// How a per-class metric (precision, recall, F1) is combined into one number over the classes:
/// scikit-learn's <c>average=</c> argument, spelled as a .NET enum.
/// </summary>
/// <remarks>
/// There is no <c>Binary</c> member: for a binary problem read the positive class's entry of
/// <see cref="ClassificationMetrics.PrecisionPerClass"/> (and its recall and F1 twins), which is
/// what scikit-learn's default <c>average="binary"</c> returns.
/// </remarks>
public enum Averaging
{
    /// <summary>
    /// The unweighted mean of the per-class values: every class counts the same, however rare
    /// (scikit-learn's <c>average="macro"</c>). Macro F1 is the mean of the per-class F1 scores,
    /// not the F1 of macro precision and macro recall.
    /// </summary>
    Macro,

    /// <summary>
    /// The metric of the counts summed over the classes: Σtp/Σpredicted for precision, Σtp/Σsupport
    /// for recall, and their F1 (scikit-learn's <c>average="micro"</c>). For single-label data all
    /// three equal the accuracy.
    /// </summary>
    Micro,

    /// <summary>
    /// The mean of the per-class values weighted by each class's support (its number of true
    /// samples); a class with no true samples weighs 0 (scikit-learn's <c>average="weighted"</c>).
    /// </summary>
    Weighted,
}
