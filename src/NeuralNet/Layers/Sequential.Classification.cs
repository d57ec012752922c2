using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>Class predictions of a classifier: the chosen class, its probability, the k most likely.</summary>
public sealed partial class Sequential
{
    /// <summary>
    /// The class the model chooses for one sample and its probability: the largest softmax output
    /// (the first, on ties), or for one sigmoid output class 1 when p ≥ 0.5 (probability p), else
    /// class 0 (probability 1 − p) — the same decisions <c>Accuracy</c> counts. Thread-safe, like
    /// <see cref="Predict(Tensor)"/>.
    /// </summary>
    /// <param name="sample">The sample's features.</param>
    /// <returns>The class's index and probability.</returns>
    /// <exception cref="InvalidOperationException">The model is not a single-label classifier (its output layer is not a softmax, or one sigmoid output).</exception>
    /// <exception cref="ArgumentException">The sample's length differs from the network's input size.</exception>
    public ClassPrediction PredictClass(ReadOnlySpan<float> sample)
    {
        RequireClassifier(nameof(PredictClass));
        return Choose(Predict(sample), nameof(PredictClass));
    }

    /// <summary>The class of each row, as <see cref="PredictClass(ReadOnlySpan{float})"/> chooses it. Thread-safe.</summary>
    /// <param name="samples">A matrix [rows, features].</param>
    /// <returns>One prediction per row, in row order.</returns>
    /// <exception cref="InvalidOperationException">The model is not a single-label classifier.</exception>
    /// <exception cref="ArgumentException">The input's shape does not fit the network.</exception>
    public IReadOnlyList<ClassPrediction> PredictClass(Tensor samples)
    {
        RequireClassifier(nameof(PredictClass));
        Tensor probabilities = Predict(samples);
        var chosen = new ClassPrediction[probabilities.Rows];
        for (int r = 0; r < chosen.Length; r++)
        {
            chosen[r] = Choose(probabilities.Row(r), nameof(PredictClass));
        }

        return chosen;
    }

    /// <summary>
    /// The <paramref name="k"/> most probable classes of one sample, most probable first (ties in
    /// index order). For a multi-label model (several sigmoid outputs) these are the k labels with
    /// the highest probabilities, each independent of the others. Thread-safe.
    /// </summary>
    /// <param name="sample">The sample's features.</param>
    /// <param name="k">How many classes, 1 ≤ k ≤ the number of classes.</param>
    /// <returns>k predictions, most probable first.</returns>
    /// <exception cref="InvalidOperationException">The model is not a classifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1 or above the number of classes.</exception>
    /// <exception cref="ArgumentException">The sample's length differs from the network's input size.</exception>
    public IReadOnlyList<ClassPrediction> PredictTopK(ReadOnlySpan<float> sample, int k)
    {
        RequireClassifier(nameof(PredictTopK));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return TopK(Predict(sample), k);
    }

    /// <summary>The <paramref name="k"/> most probable classes of each row, as <see cref="PredictTopK(ReadOnlySpan{float}, int)"/> ranks them. Thread-safe.</summary>
    /// <param name="samples">A matrix [rows, features].</param>
    /// <param name="k">How many classes per row, 1 ≤ k ≤ the number of classes.</param>
    /// <returns>One list of k predictions per row, in row order.</returns>
    /// <exception cref="InvalidOperationException">The model is not a classifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1 or above the number of classes.</exception>
    /// <exception cref="ArgumentException">The input's shape does not fit the network.</exception>
    public IReadOnlyList<IReadOnlyList<ClassPrediction>> PredictTopK(Tensor samples, int k)
    {
        RequireClassifier(nameof(PredictTopK));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        Tensor probabilities = Predict(samples);
        var ranked = new IReadOnlyList<ClassPrediction>[probabilities.Rows];
        for (int r = 0; r < ranked.Length; r++)
        {
            ranked[r] = TopK(probabilities.Row(r), k);
        }

        return ranked;
    }

    /// <summary>
    /// Throws unless the output layer makes the outputs probabilities of classes (a softmax or a
    /// sigmoid). Anything else — an <see cref="Identity"/>, a tanh, a ReLU — outputs values: a regression.
    /// </summary>
    /// <param name="operation">What needs classes, for the message.</param>
    internal void RequireClassifier(string operation)
    {
        if (OutputLayer is not (Softmax or Sigmoid))
        {
            throw new InvalidOperationException(
                $"{operation} needs a classifier, whose output layer is Softmax or Sigmoid; this model's output layer is {OutputLayer.Name}, " +
                "so its outputs are values (a regression model). Use Predict for its values.");
        }
    }

    private bool IsBinary(int outputs) => OutputLayer is Sigmoid && outputs == 1;

    private ClassPrediction Choose(ReadOnlySpan<float> probabilities, string operation)
    {
        if (IsBinary(probabilities.Length))
        {
            float p = probabilities[0];
            return p >= 0.5f ? Named(1, p) : Named(0, 1f - p);
        }

        if (OutputLayer is Sigmoid)
        {
            throw new InvalidOperationException(
                $"{operation} chooses one class, but this model is multi-label: its {probabilities.Length} sigmoid outputs are independent " +
                "probabilities, one per label. Use PredictTopK or Predict.");
        }

        int best = 0;
        for (int j = 1; j < probabilities.Length; j++)
        {
            if (probabilities[j] > probabilities[best])
            {
                best = j;
            }
        }

        return Named(best, probabilities[best]);
    }

    /// <summary>A prediction carrying the class's name when the metadata has one for it.</summary>
    private ClassPrediction Named(int index, float probability) =>
        new(index, probability) { Label = Metadata.ClassNames is { } names && index < names.Count ? names[index] : null };

    private ClassPrediction[] TopK(ReadOnlySpan<float> probabilities, int k)
    {
        bool binary = IsBinary(probabilities.Length);
        int classes = binary ? 2 : probabilities.Length;
        if (k > classes)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at most the number of classes, {classes}.");
        }

        if (binary)
        {
            ClassPrediction chosen = Choose(probabilities, nameof(PredictTopK));
            ClassPrediction other = chosen.Index == 1 ? Named(0, 1f - probabilities[0]) : Named(1, probabilities[0]);
            return k == 1 ? [chosen] : [chosen, other];
        }

        // Selection by repeated maximum: class counts are small, and a strict > keeps ties in index order.
        var ranked = new ClassPrediction[k];
        Span<bool> taken = classes <= 1024 ? stackalloc bool[classes] : new bool[classes];
        for (int rank = 0; rank < k; rank++)
        {
            int best = -1;
            for (int j = 0; j < classes; j++)
            {
                if (!taken[j] && (best < 0 || probabilities[j] > probabilities[best]))
                {
                    best = j;
                }
            }

            taken[best] = true;
            ranked[rank] = Named(best, probabilities[best]);
        }

        return ranked;
    }
}
