using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>
/// One stage of a network: <see cref="Forward(Tensor)"/> maps a batch [rows, inputs] to [rows, outputs],
/// and <see cref="Backward(Tensor)"/> maps the loss gradient with respect to that output back to the
/// gradient with respect to the input, adding each parameter's gradient along the way.
/// </summary>
/// <remarks>
/// <para>
/// A layer owns its output and input-gradient buffers and keeps in them what its backward pass
/// needs. They are reused from one call to the next — a tensor a layer returns stays valid only
/// until that layer's next call — and are resized only when the batch grows.
/// </para>
/// <para>
/// Thread safety: <see cref="Forward(Tensor)"/> and <see cref="Backward(Tensor)"/> change the
/// layer's buffers and are not safe to call from several threads at once. Inference goes through
/// <see cref="Sequential.Predict(Tensor)"/>, which writes into buffers of its own call and only
/// reads the layer's parameters, so it may run on many threads at once (but not during training).
/// </para>
/// </remarks>
public abstract class Layer
{
    private readonly Lock _inferenceGate = new();
    private bool _hasForward;
    private int _forwardRows;

    /// <summary>
    /// Whether the layer runs in training mode (set through <see cref="Sequential.IsTraining"/>): only
    /// layers that behave differently while training — <see cref="Dropout"/>, <see cref="BatchNorm"/> — read it.
    /// </summary>
    internal bool IsTraining { get; set; }

    /// <summary>
    /// Values the layer keeps and saves but no optimizer trains — <see cref="BatchNorm"/>'s running
    /// statistics — by PyTorch's buffer names; early stopping and divergence recovery copy them with the weights.
    /// </summary>
    internal virtual IReadOnlyList<(string Name, Tensor Value)> Buffers => [];

    /// <summary>
    /// Whether the layer can write its parameters' gradients instead of adding to them
    /// (<see cref="ReplaceGradients"/>); a layer defined outside the library adds, and is zeroed for it.
    /// </summary>
    internal virtual bool CanReplaceGradients => false;

    /// <summary>
    /// Set by <see cref="Sequential"/> for one backward pass of the trainer: the next backward pass
    /// writes ∂L/∂p rather than adding it, which gives the same values as adding to zeroed gradients.
    /// </summary>
    internal bool ReplaceGradients { get; set; }

    /// <summary>The trainable parameters of this layer (none for an activation).</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Computes the layer's output for a batch.</summary>
    /// <param name="input">A matrix [rows, inputs]; it must stay unchanged until <see cref="Backward(Tensor)"/>.</param>
    /// <returns>The output [rows, outputs], owned by the layer.</returns>
    /// <exception cref="ArgumentException">The input is not a matrix or has the wrong number of columns.</exception>
    public Tensor Forward(Tensor input) => Forward(input, fused: false);

    /// <summary>
    /// <see cref="Forward(Tensor)"/>, or, when <paramref name="fused"/> is set, the forward pass of
    /// a pair that <see cref="Sequential"/> runs as one: a <see cref="Dense"/> layer that also
    /// applies the <see cref="ReLU"/> after it, and that ReLU taking the result as its output.
    /// </summary>
    internal Tensor Forward(Tensor input, bool fused)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"{Name} expects a matrix [rows, features]; got {input.ShapeText}.", nameof(input));
        }

        Tensor output = fused ? ForwardFusedCore(input) : ForwardCore(input);
        _hasForward = true;
        _forwardRows = input.Rows;
        return output;
    }

    /// <summary>
    /// The inference form of the forward pass: the output for <paramref name="input"/> written into
    /// <paramref name="scratch"/>, a matrix that the caller owns (reshaped here, its storage reused
    /// when large enough). It reads the layer's parameters and changes nothing of the layer, so
    /// several threads may run it at once on one layer. With <paramref name="fused"/> it is the
    /// inference form of the fused pair (see <see cref="Forward(Tensor, bool)"/>).
    /// </summary>
    /// <returns><paramref name="scratch"/> holding the output, or <paramref name="input"/> itself for the ReLU of a fused pair.</returns>
    internal Tensor Infer(Tensor input, Tensor scratch, bool fused) => InferCore(input, scratch, fused);

    /// <summary>
    /// See <see cref="Infer"/>. This fallback serves layers defined outside the library, which keep
    /// their output in their own buffers: it runs their forward pass one caller at a time and copies
    /// the output out, correct but serialised. The library's layers override it with a stateless form.
    /// </summary>
    private protected virtual Tensor InferCore(Tensor input, Tensor scratch, bool fused)
    {
        lock (_inferenceGate)
        {
            Tensor output = ForwardCore(input);
            scratch.Reshape(output.Rows, output.Columns);
            output.AsSpan().CopyTo(scratch.AsSpan());
        }

        return scratch;
    }

    /// <summary>
    /// Back-propagates the gradient of the loss with respect to this layer's last output:
    /// parameter gradients are added to, and the gradient with respect to the input is returned.
    /// </summary>
    /// <param name="outputGradient">∂L/∂output, the shape of the last output.</param>
    /// <returns>∂L/∂input, owned by the layer.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has been made.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public Tensor Backward(Tensor outputGradient) => Backward(outputGradient, computeInputGradient: true)!;

    /// <summary>
    /// Back-propagates, skipping ∂L/∂input when nobody needs it (the first layer of a network).
    /// </summary>
    internal Tensor? Backward(Tensor outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!_hasForward)
        {
            throw new InvalidOperationException($"{Name}.Backward was called before Forward; there is no output to differentiate.");
        }

        if (outputGradient.Rank != 2 || outputGradient.Rows != _forwardRows)
        {
            throw new ArgumentException(
                $"{Name}.Backward got a gradient of shape {outputGradient.ShapeText}; the last output had {_forwardRows} rows.",
                nameof(outputGradient));
        }

        return BackwardCore(outputGradient, computeInputGradient);
    }

    /// <summary>A short description used in messages, such as <c>Dense(64→128)</c>.</summary>
    public virtual string Name => GetType().Name;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The forward computation; <paramref name="input"/> is a matrix.</summary>
    /// <param name="input">The batch [rows, inputs].</param>
    /// <returns>The output [rows, outputs], in a buffer the layer owns.</returns>
    protected abstract Tensor ForwardCore(Tensor input);

    /// <summary>The fused form of <see cref="ForwardCore"/> (see <see cref="Forward(Tensor, bool)"/>); by default the plain one.</summary>
    /// <param name="input">The validated input matrix.</param>
    /// <returns>The output, owned by this layer or, for the ReLU of a fused pair, by the layer before it.</returns>
    private protected virtual Tensor ForwardFusedCore(Tensor input) => ForwardCore(input);

    /// <summary>The backward computation; called only after a forward pass with a gradient of matching rows.</summary>
    /// <param name="outputGradient">∂L/∂output.</param>
    /// <param name="computeInputGradient">Whether ∂L/∂input is needed; when not, return <see langword="null"/>.</param>
    /// <returns>∂L/∂input, or <see langword="null"/> when it was not asked for.</returns>
    protected abstract Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient);
}
