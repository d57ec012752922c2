namespace NeuralNet.Layers;

/// <summary>A class a classifier chose for a sample, with the probability the model gives it.</summary>
/// <remarks>
/// Classes are numbered as the model's outputs are: for a softmax output, output i is class i; for a
/// single sigmoid output (binary classification), class 1 is the output's probability p and class 0
/// is 1 − p. <see cref="Label"/> is the class's name when the model's
/// <see cref="ModelMetadata.ClassNames"/> are known (the trainer takes them from the training data).
/// </remarks>
/// <param name="Index">The class's index, 0 ≤ Index &lt; the number of classes.</param>
/// <param name="Probability">The model's probability of that class, in [0, 1].</param>
public readonly record struct ClassPrediction(int Index, float Probability)
{
    /// <summary>The class's name from the model's <see cref="ModelMetadata.ClassNames"/>, or <see langword="null"/> when the model has none.</summary>
    public string? Label { get; init; }

    /// <summary>The label and probability, or the index when there is no label: <c>setosa (97.1 %)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Label ?? "class " + Index.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({Probability.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)})";
}
