using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>A network: layers applied in order, each to the output of the one before.</summary>
/// <remarks>
/// <para>
/// Thread safety: the inference members — <see cref="Predict(Tensor)"/> and its overloads,
/// <see cref="PredictClass(ReadOnlySpan{float})"/>, <see cref="PredictTopK(ReadOnlySpan{float}, int)"/>
/// and <c>ModelEvaluation.Accuracy</c> — may be called from any number of threads at once on one
/// trained model (a web server's case): each call computes in buffers of its own and only reads
/// the weights. They must not run while the model trains or its weights change. The training
/// members — <see cref="Forward(Tensor)"/>, <see cref="Backward(Tensor)"/>,
/// <see cref="ZeroGradients"/>, <see cref="InitializeWeights"/> — reuse the layers' buffers and
/// are for one thread at a time.
/// </para>
/// <example><code>
/// var model = new Sequential(
///     new Dense(64, 128, WeightInitialization.He), new ReLU(),
///     new Dense(128, 10), new Softmax());
/// </code></example>
/// </remarks>
public sealed partial class Sequential
{
    private readonly Layer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly bool[] _fused;
    private readonly int _widestLayer; // the most columns a dense layer reads or writes: sizes inference's scratch

    /// <summary>Creates a network from its layers, checking that consecutive dense layers fit together.</summary>
    /// <param name="layers">The layers, input first; at least one.</param>
    /// <exception cref="ArgumentException">No layers, a null layer, or a dense layer whose inputs differ from the previous dense layer's outputs.</exception>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        // Dense, Standardization and BatchNorm layers fix their widths; activations keep whatever comes in.
        Layer? previous = null;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null)
            {
                throw new ArgumentException($"layers[{i}] is null.", nameof(layers));
            }

            if (Width(layers[i]) is (int inputs, int outputs))
            {
                if (previous is not null && Width(previous)!.Value.Outputs != inputs)
                {
                    throw new ArgumentException(
                        $"layers[{i}] is {layers[i].Name} but the {(previous is Dense ? "dense " : "")}layer before it ({previous.Name}) outputs {Width(previous)!.Value.Outputs} values.",
                        nameof(layers));
                }

                previous = layers[i];
                InputSize ??= inputs;
                OutputSize = outputs;
            }
        }

        if (layers.Distinct().Count() != layers.Length)
        {
            throw new ArgumentException("The same layer object appears twice; each position needs its own layer.", nameof(layers));
        }

        _layers = [.. layers];
        IsTraining = false; // every layer too, whichever network it was in before
        // A dense layer directly followed by a ReLU runs as one: the product's tiles get the bias
        // and the ReLU while still in registers (see Gemm), and the ReLU takes that result as its
        // output. Not when the ReLU is the output layer, whose input the losses may read as logits.
        _fused = new bool[layers.Length];
        for (int i = 0; i + 2 < layers.Length; i++)
        {
            if (layers[i] is Dense && layers[i + 1] is ReLU)
            {
                _fused[i] = _fused[i + 1] = true;
            }
        }

        _parameters = [.. layers.SelectMany(layer => layer.Parameters)];
        _widestLayer = layers.Select(Width).Where(w => w is not null).Select(w => Math.Max(w!.Value.Inputs, w.Value.Outputs)).DefaultIfEmpty(1).Max();
    }

    /// <summary>
    /// Training mode (<see langword="true"/>) or inference mode (<see langword="false"/>, the default),
    /// as PyTorch's <c>model.train()</c> / <c>model.eval()</c>: <see cref="Dropout"/> drops only in
    /// training mode, and <see cref="BatchNorm"/> normalises with the batch's statistics (and updates its
    /// running ones) only in training mode. A new network starts in inference mode, whatever mode its
    /// layers had. The trainer switches it on for each training step and off again, so
    /// <c>Predict</c>, <c>Evaluate</c> and validation always run in inference mode; set it yourself
    /// only for a training loop of your own around <see cref="Forward(Tensor)"/> and <see cref="Backward(Tensor)"/>.
    /// </summary>
    public bool IsTraining
    {
        get;
        set
        {
            field = value;
            foreach (Layer layer in _layers)
            {
                layer.IsTraining = value;
            }
        }
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Every trainable parameter, layer by layer.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The number of input features the first dense or standardization layer expects, if there is one.</summary>
    public int? InputSize { get; }

    /// <summary>The number of outputs of the last dense (or standardization) layer, if there is one.</summary>
    public int? OutputSize { get; }

    /// <summary>
    /// What the model's inputs and outputs mean (class and feature names, task) and how it was
    /// trained; saved and loaded with it. Empty by default.
    /// </summary>
    public ModelMetadata Metadata
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    } = new();

    /// <summary>The last layer, which decides what the outputs mean (probabilities, scores, values).</summary>
    public Layer OutputLayer => _layers[^1];

    /// <summary>The total number of trainable values.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Value.Length);

    /// <summary>Runs a batch through every layer.</summary>
    /// <param name="input">A matrix [rows, features].</param>
    /// <returns>The network's output, owned by the last layer (valid until the next forward pass).</returns>
    /// <exception cref="ArgumentException">The input's shape does not fit the first layer.</exception>
    public Tensor Forward(Tensor input) => Forward(input, _layers.Length);

    /// <summary>Runs a batch through the first <paramref name="layers"/> layers.</summary>
    internal Tensor Forward(Tensor input, int layers)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input;
        for (int i = 0; i < layers; i++)
        {
            x = _layers[i].Forward(x, _fused[i]);
        }

        return x;
    }

    /// <summary>
    /// Back-propagates ∂L/∂output through every layer of the last forward pass, adding to each
    /// parameter's gradient. The first layer's input gradient is not computed: nothing needs it.
    /// </summary>
    /// <param name="outputGradient">∂L/∂output, the shape of the last output.</param>
    public void Backward(Tensor outputGradient) => Backward(outputGradient, _layers.Length);

    /// <summary>
    /// Back-propagates the gradient of the output of the first <paramref name="layers"/> layers through them.
    /// With <paramref name="replaceGradients"/> the parameters' gradients are this pass's alone, as after
    /// <see cref="ZeroGradients"/> and a backward pass, but the library's layers write them instead of
    /// adding to zeros, which saves a pass over every gradient (the trainer's steps); other layers' are zeroed first.
    /// </summary>
    internal void Backward(Tensor outputGradient, int layers, bool replaceGradients = false)
    {
        if (replaceGradients)
        {
            foreach (Layer layer in _layers)
            {
                if (layer.CanReplaceGradients)
                {
                    layer.ReplaceGradients = true;
                }
                else
                {
                    foreach (Parameter parameter in layer.Parameters)
                    {
                        parameter.ZeroGradient();
                    }
                }
            }
        }

        try
        {
            Tensor? gradient = outputGradient;
            for (int i = layers - 1; i >= 0 && gradient is not null; i--)
            {
                gradient = _layers[i].Backward(gradient, computeInputGradient: i > 0);
            }
        }
        finally
        {
            if (replaceGradients)
            {
                foreach (Layer layer in _layers)
                {
                    layer.ReplaceGradients = false;
                }
            }
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter parameter in _parameters)
        {
            parameter.ZeroGradient();
        }
    }

    /// <summary>Re-draws the weights of every dense layer from one seed (each layer gets its own derived seed).</summary>
    /// <param name="seed">The seed; the same seed gives the same weights, bit for bit.</param>
    public void InitializeWeights(int seed)
    {
        int index = 0;
        foreach (Dense dense in _layers.OfType<Dense>())
        {
            dense.Initialize(unchecked((seed * 31) + index++));
        }
    }

    /// <summary>The inputs and outputs of a layer that fixes them; <see langword="null"/> for one that keeps its input's width.</summary>
    private static (int Inputs, int Outputs)? Width(Layer layer) => layer switch
    {
        Dense dense => (dense.Inputs, dense.Outputs),
        Standardization standardization => (standardization.Features, standardization.Features),
        BatchNorm batchNorm => (batchNorm.Features, batchNorm.Features),
        _ => null,
    };

    /// <inheritdoc/>
    public override string ToString() => "Sequential(" + string.Join(", ", _layers.Select(l => l.Name)) + ")";
}
