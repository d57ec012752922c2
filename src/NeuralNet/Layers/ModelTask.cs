namespace NeuralNet.Layers;

/// <summary>What a model's outputs are, which decides how they are read (values, one class, several labels).</summary>
/// <remarks>The numeric values are stored in <c>.nnet</c> files and never change.</remarks>
public enum ModelTask
{
    /// <summary>Not stated.</summary>
    Unspecified = 0,

    /// <summary>Real-valued outputs (mean squared error and friends).</summary>
    Regression = 1,

    /// <summary>One probability of the positive class (sigmoid with binary cross-entropy).</summary>
    BinaryClassification = 2,

    /// <summary>One class out of several (softmax with categorical cross-entropy).</summary>
    MultiClassClassification = 3,

    /// <summary>Any number of independent labels at once (a sigmoid per output with binary cross-entropy).</summary>
    MultiLabelClassification = 4,
}
