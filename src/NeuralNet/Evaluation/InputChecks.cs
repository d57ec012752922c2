using NeuralNet.Tensors;

namespace NeuralNet.Evaluation;

/// <summary>The input checks every metric shares, so that each bad input gets the same message wherever it enters.</summary>
internal static class InputChecks
{
    /// <summary>Throws unless the true values and the predictions hold the same, non-zero number of samples.</summary>
    public static void SameLength(int trueLength, int otherLength, string trueName, string otherName)
    {
        if (trueLength == 0)
        {
            throw new ArgumentException($"{trueName} is empty: a metric of no samples is undefined.", trueName);
        }

        if (otherLength != trueLength)
        {
            throw new ArgumentException($"{otherName} has {otherLength} values; {trueName} has {trueLength}, and they must match.", otherName);
        }
    }

    /// <summary>Throws unless two tensors have the same shape and at least one element.</summary>
    public static void SameShape(Tensor expected, Tensor other, string trueName, string otherName)
    {
        ArgumentNullException.ThrowIfNull(expected, trueName);
        ArgumentNullException.ThrowIfNull(other, otherName);
        if (!expected.HasSameShape(other))
        {
            throw new ArgumentException($"{otherName} has shape {other.ShapeText}; {trueName} has {expected.ShapeText}, and they must match.", otherName);
        }

        if (expected.Length == 0)
        {
            throw new ArgumentException($"{trueName} is empty: a metric of no samples is undefined.", trueName);
        }
    }

    /// <summary>Throws if a value is NaN or infinite, naming its index.</summary>
    public static void Finite<T>(ReadOnlySpan<T> values, string paramName)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; metrics need finite values.", paramName);
            }
        }
    }
}
