namespace NeuralNet.Tests.Optimizers;

/// <summary>
/// The Adam/AdamW update of TestVectors/README.md written plainly in double, the oracle for AdamTests and AdamWTests:
/// (AdamW: θ ← θ(1 − ηλ) first) g ← g + λθ (Adam only); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// v̂ ← max(v̂, v) with AMSGrad; θ ← θ − (η/(1 − β₁ᵗ)) m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
internal static class AdamReference
{
    public static double[][] Run(
        double lr, double beta1, double beta2, double eps, double weightDecay, bool amsGrad, bool decoupled,
        float[] start, params float[][] gradients)
    {
        double[] theta = [.. start.Select(v => (double)v)];
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        var vMax = new double[theta.Length];
        var values = new double[gradients.Length][];
        for (int t = 1; t <= gradients.Length; t++)
        {
            double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
            for (int i = 0; i < theta.Length; i++)
            {
                double g = gradients[t - 1][i];
                if (decoupled)
                {
                    theta[i] *= 1 - (lr * weightDecay);
                }
                else
                {
                    g += weightDecay * theta[i];
                }

                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                vMax[i] = Math.Max(vMax[i], v[i]);
                double second = amsGrad ? vMax[i] : v[i];
                theta[i] -= lr / bc1 * m[i] / ((Math.Sqrt(second) / Math.Sqrt(bc2)) + eps);
            }

            values[t - 1] = [.. theta];
        }

        return values;
    }
}
