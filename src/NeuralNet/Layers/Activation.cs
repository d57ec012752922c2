using NeuralNet.Tensors;

namespace NeuralNet.Layers;

/// <summary>
/// A layer with no parameters that maps each row to a row of the same width. It keeps its
/// output, which is all that the backward pass of the classic activations needs, and a reference to
/// its input (which <see cref="Layer.Forward(Tensor)"/> requires to stay unchanged until the backward
/// pass), which the activations whose derivative is a function of x (GELU, SiLU…) read instead.
/// </summary>
public abstract class Activation : Layer
{
    private Tensor? _output;
    private Tensor? _adoptedOutput;
    private Tensor? _inputGradient;
    private Tensor? _input;

    /// <summary>The last output, read by <see cref="Derive"/>.</summary>
    protected Tensor Output => _adoptedOutput ?? _output ?? throw new InvalidOperationException($"{Name} has no output yet.");

    /// <summary>The last input, read by the <see cref="Derive"/> of an activation whose derivative is written in x.</summary>
    private protected Tensor Input => _input ?? throw new InvalidOperationException($"{Name} has no input yet.");

    /// <summary>
    /// Takes a tensor the layer before already holds the activated values in as this layer's
    /// output, without a pass over it (the ReLU of a fused dense + ReLU pair). Kept apart from the
    /// layer's own buffer so that a later unfused call never writes into the other layer's tensor.
    /// </summary>
    private protected Tensor AdoptOutput(Tensor activated)
    {
        _adoptedOutput = activated;
        _input = null;
        return activated;
    }

    /// <inheritdoc/>
    protected sealed override Tensor ForwardCore(Tensor input)
    {
        _adoptedOutput = null;
        _input = input;
        Tensor output = Tensor.Ensure(ref _output, input.Rows, input.Columns);
        Apply(input, output);
        return output;
    }

    /// <summary>The stateless form: <see cref="Apply"/> into the caller's tensor.</summary>
    private protected override Tensor InferCore(Tensor input, Tensor scratch, bool fused)
    {
        scratch.Reshape(input.Rows, input.Columns);
        Apply(input, scratch);
        return scratch;
    }

    /// <inheritdoc/>
    protected sealed override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient)
    {
        if (outputGradient.Columns != Output.Columns)
        {
            throw new ArgumentException(
                $"{Name}.Backward got {outputGradient.Columns} columns; the last output had {Output.Columns}.",
                nameof(outputGradient));
        }

        if (!computeInputGradient)
        {
            return null;
        }

        Tensor inputGradient = Tensor.Ensure(ref _inputGradient, outputGradient.Rows, outputGradient.Columns);
        Derive(Output, outputGradient, inputGradient);
        return inputGradient;
    }

    /// <summary>
    /// Writes the activation of <paramref name="input"/> into <paramref name="output"/> (same shape).
    /// Inference calls it from several threads at once with tensors of each call's own, so it must
    /// keep no state of its own between calls.
    /// </summary>
    /// <param name="input">The batch.</param>
    /// <param name="output">Where to write f(input).</param>
    protected abstract void Apply(Tensor input, Tensor output);

    /// <summary>Writes ∂L/∂input from the forward output and ∂L/∂output (all the same shape).</summary>
    /// <param name="output">The forward output y = f(x).</param>
    /// <param name="outputGradient">∂L/∂y.</param>
    /// <param name="inputGradient">Where to write ∂L/∂x.</param>
    protected abstract void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient);
}
