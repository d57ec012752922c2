namespace NeuralNet.Data;

/// <summary>What the target columns of a table hold, and so how they become <see cref="Dataset.Targets"/>.</summary>
public enum TargetKind
{
    /// <summary>
    /// Numbers to predict (regression): each target column is copied as it is, one output per column.
    /// Several columns give a multi-output regression.
    /// </summary>
    Regression,

    /// <summary>
    /// Two classes per column, as one 0/1 output each (for a sigmoid with binary cross-entropy). A single
    /// column may hold 0/1 or any two labels (mapped to 0 and 1 in class order, names kept in
    /// <see cref="Dataset.ClassNames"/>); several columns must hold 0/1 and give a multi-label target.
    /// </summary>
    Binary,

    /// <summary>
    /// Class labels, text or whole numbers, in one column: each distinct label becomes a class and the
    /// targets are one-hot rows (for a softmax with categorical cross-entropy), class names kept in
    /// <see cref="Dataset.ClassNames"/>.
    /// </summary>
    Classes,
}
