namespace NeuralNet.Tensors;

/// <summary>
/// A trainable value and the gradient of the loss with respect to it, always of the same shape.
/// </summary>
/// <remarks>
/// Gradients accumulate: each backward pass adds to <see cref="Gradient"/>, and
/// <see cref="ZeroGradient"/> clears it. An optimizer reads the gradient and updates the value.
/// </remarks>
public sealed class Parameter
{
    /// <summary>Creates a parameter with the given initial value and a zero gradient.</summary>
    /// <param name="name">A name for messages and files, such as <c>"weight"</c>.</param>
    /// <param name="value">The initial value; the parameter owns it from now on.</param>
    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Gradient = new Tensor([.. value.Shape]);
    }

    /// <summary>A name for messages and files.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public Tensor Gradient { get; }

    /// <summary>Sets the gradient to zero, ready for the next backward pass.</summary>
    public void ZeroGradient() => Gradient.Clear();

    /// <inheritdoc/>
    public override string ToString() => $"{Name}{Value.ShapeText}";
}
