namespace NeuralNet.Tests.Support;

/// <summary>
/// Central finite differences of a scalar objective with respect to a float32 buffer: the oracle
/// of every gradient check.
/// </summary>
/// <remarks>
/// <para>
/// The perturbed values are float32 (they are a layer's own tensors) but the objective is summed in
/// double from the float outputs (see <see cref="WeightedSum"/>), so the only float rounding left is
/// the layer's own, about 1e-7 relative. Because x ± h is rounded to float, the quotient divides by
/// the step actually taken, (x + h) − (x − h) computed in double, rather than by 2h.
/// </para>
/// <para>
/// Step and tolerances: with h = <see cref="DefaultStep"/> = 1e-2 the truncation error of a central
/// difference, h²/6 · f‴, is about 2e-5 for the smooth activations here (|f‴| ≤ 1), and the rounding
/// noise ε·|L|/h is about 1e-5 for objectives of order 1–10. Analytic gradients are therefore
/// compared with <see cref="AbsoluteTolerance"/> = 1e-3 plus <see cref="RelativeTolerance"/> = 1e-2
/// of the numerical value — loose enough for float32, tight enough to catch a missing factor, a
/// wrong sign, a transposed product or a gradient taken from the wrong buffer. Inputs of a kink
/// (ReLU at 0) must stay farther than h from it.
/// </para>
/// </remarks>
internal static class FiniteDifference
{
    /// <summary>The default step h.</summary>
    public const float DefaultStep = 1e-2f;

    /// <summary>Absolute part of the gradient-check tolerance.</summary>
    public const double AbsoluteTolerance = 1e-3;

    /// <summary>Relative part of the gradient-check tolerance.</summary>
    public const double RelativeTolerance = 1e-2;

    /// <summary>
    /// ∂objective/∂values[i] for every i by (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h). Each value is restored
    /// after use, so the buffer is unchanged on return.
    /// </summary>
    /// <param name="values">The buffer the objective reads (for example a parameter's value).</param>
    /// <param name="objective">Re-evaluates the scalar objective from the current buffer contents.</param>
    /// <param name="step">The step h.</param>
    public static double[] Gradient(Span<float> values, Func<double> objective, float step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var gradient = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float original = values[i];
            float up = original + step;
            float down = original - step;
            values[i] = up;
            double plus = objective();
            values[i] = down;
            double minus = objective();
            values[i] = original;
            gradient[i] = (plus - minus) / ((double)up - down);
        }

        return gradient;
    }

    /// <summary>
    /// Asserts that <paramref name="analytic"/> matches the numerical gradient of
    /// <paramref name="objective"/> with respect to <paramref name="values"/>, within the default tolerances.
    /// </summary>
    public static void AssertGradient(ReadOnlySpan<float> analytic, Span<float> values, Func<double> objective, string what)
    {
        double[] numeric = Gradient(values, objective);
        Approx.AssertClose(analytic, numeric, AbsoluteTolerance, RelativeTolerance, what);
    }

    /// <summary>
    /// L = Σᵢ wᵢ·yᵢ summed in double. With fixed random weights w this scalar objective has
    /// ∂L/∂y = w exactly, so w is the output gradient to feed to a backward pass.
    /// </summary>
    public static double WeightedSum(ReadOnlySpan<float> output, ReadOnlySpan<float> weights)
    {
        if (output.Length != weights.Length)
        {
            throw new ArgumentException($"output has {output.Length} elements; weights has {weights.Length}.", nameof(weights));
        }

        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            sum += (double)weights[i] * output[i];
        }

        return sum;
    }
}
