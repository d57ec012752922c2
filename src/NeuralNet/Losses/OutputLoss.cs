using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Losses;

/// <summary>
/// A loss attached to a network's output, built once from the pair: the one place that knows
/// about the fused output pairs. For <see cref="Softmax"/> + <see cref="CategoricalCrossEntropy"/>
/// and <see cref="Sigmoid"/> + <see cref="BinaryCrossEntropy"/> it computes the loss from the
/// output layer's input (the logits) and starts back-propagation below the output activation
/// with ∂L/∂logits = (p − t)/N, which cannot vanish through a saturated p; for any other pair it
/// is the plain loss of the output and back-propagation through every layer.
/// </summary>
internal sealed class OutputLoss
{
    private readonly Sequential _model;
    private readonly ILogitLoss? _fused;
    private Tensor? _logits;
    private Tensor? _gradient;

    /// <summary>Attaches <paramref name="loss"/> to <paramref name="model"/>'s output.</summary>
    public OutputLoss(Sequential model, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        _model = model;
        Loss = loss;
        _fused = loss is ILogitLoss logitLoss && logitLoss.FusesWith(model.OutputLayer) ? logitLoss : null;
    }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>Whether the loss is computed from the logits and differentiated through them.</summary>
    public bool IsFused => _fused is not null;

    /// <summary>Runs the network forward, keeping the logits when the loss needs them.</summary>
    /// <returns>The network's output, owned by its output layer.</returns>
    public Tensor Forward(Tensor input)
    {
        if (_fused is null)
        {
            return _model.Forward(input);
        }

        _logits = _model.Forward(input, layers: _model.Layers.Count - 1);
        return _model.OutputLayer.Forward(_logits);
    }

    /// <summary>The mean loss of the last forward pass, whose output was <paramref name="output"/>.</summary>
    public float Compute(Tensor output, Tensor targets) =>
        _fused is null ? Loss.Compute(output, targets) : _fused.ComputeFromLogits(Logits, targets);

    /// <summary>
    /// Back-propagates the loss of the last forward pass, adding to every parameter's gradient, or with
    /// <paramref name="replaceGradients"/> replacing them (see <see cref="Sequential.Backward(Tensor, int, bool)"/>).
    /// </summary>
    public void Backward(Tensor output, Tensor targets, bool replaceGradients = false)
    {
        Tensor gradient = Tensor.Ensure(ref _gradient, output.Rows, output.Columns);
        if (_fused is null)
        {
            Loss.Gradient(output, targets, gradient);
            _model.Backward(gradient, _model.Layers.Count, replaceGradients);
        }
        else
        {
            _fused.LogitGradientFromOutputs(output, targets, gradient);
            _model.Backward(gradient, layers: _model.Layers.Count - 1, replaceGradients);
        }
    }

    private Tensor Logits => _logits ?? throw new InvalidOperationException("The network has not run a forward pass yet.");
}
