namespace NeuralNet.Layers;

/// <summary>A class a classifier chose for a sample, with the probability the model gives it.</summary>
/// <remarks>
/// Classes are numbered as the model's outputs are: for a softmax output, output i is class i; for a
/// single sigmoid output (binary classification), class 1 is the output's probability p and class 0
/// is 1 − p. Kept a record so that a later version can add the class's name beside its index.
/// </remarks>
/// <param name="Index">The class's index, 0 ≤ Index &lt; the number of classes.</param>
/// <param name="Probability">The model's probability of that class, in [0, 1].</param>
public readonly record struct ClassPrediction(int Index, float Probability);
