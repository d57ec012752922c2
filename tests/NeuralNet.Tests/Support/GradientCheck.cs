using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Support;

/// <summary>
/// Gradient checks of whole layers and networks against <see cref="FiniteDifference"/>, with the
/// scalar objective L = Σ w ⊙ output for fixed random weights w, so that ∂L/∂output = w.
/// </summary>
/// <remarks>
/// The analytic gradients are taken first (parameter gradients zeroed, then one backward pass with
/// w as the output gradient) and copied, because every later forward pass of the numerical check
/// overwrites the layer's buffers. Tolerances are those of <see cref="FiniteDifference"/>.
/// </remarks>
internal static class GradientCheck
{
    /// <summary>Checks ∂L/∂input and ∂L/∂p for every parameter p of <paramref name="layer"/> at <paramref name="input"/>.</summary>
    public static void AssertLayer(Layer layer, Tensor input, int seed)
    {
        Tensor output = layer.Forward(input);
        float[] weights = TestData.Uniform(output.Length, -1f, 1f, seed);
        foreach (Parameter parameter in layer.Parameters)
        {
            parameter.ZeroGradient();
        }

        float[] inputGradient = layer.Backward(new Tensor(weights, output.Rows, output.Columns)).AsSpan().ToArray();
        float[][] parameterGradients = [.. layer.Parameters.Select(p => p.Gradient.AsSpan().ToArray())];

        double Objective() => FiniteDifference.WeightedSum(layer.Forward(input).AsSpan(), weights);

        FiniteDifference.AssertGradient(inputGradient, input.AsSpan(), Objective, $"{layer.Name} ∂L/∂input, batch {input.Rows}");
        for (int i = 0; i < parameterGradients.Length; i++)
        {
            Parameter parameter = layer.Parameters[i];
            FiniteDifference.AssertGradient(
                parameterGradients[i], parameter.Value.AsSpan(), Objective, $"{layer.Name} ∂L/∂{parameter.Name}, batch {input.Rows}");
        }
    }

    /// <summary>Checks ∂L/∂p for every parameter p of <paramref name="network"/> at <paramref name="input"/>.</summary>
    public static void AssertNetwork(Sequential network, Tensor input, int seed)
    {
        Tensor output = network.Forward(input);
        float[] weights = TestData.Uniform(output.Length, -1f, 1f, seed);
        network.ZeroGradients();
        network.Backward(new Tensor(weights, output.Rows, output.Columns));
        float[][] gradients = [.. network.Parameters.Select(p => p.Gradient.AsSpan().ToArray())];

        double Objective() => FiniteDifference.WeightedSum(network.Forward(input).AsSpan(), weights);

        for (int i = 0; i < gradients.Length; i++)
        {
            Parameter parameter = network.Parameters[i];
            FiniteDifference.AssertGradient(
                gradients[i], parameter.Value.AsSpan(), Objective, $"{network} parameter {i} ({parameter}), batch {input.Rows}");
        }
    }
}
