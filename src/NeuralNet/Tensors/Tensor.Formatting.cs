using System.Globalization;
using System.Text;

namespace NeuralNet.Tensors;

// How a tensor shows itself in a debugger, a log or a test message: its values, like a numpy or
// torch repr, or its shape and first values when it is large.
public sealed partial class Tensor
{
    /// <summary>The most elements <see cref="ToString"/> writes out in full; a larger tensor shows its first <see cref="LeadingValuesShown"/>.</summary>
    public const int MaxElementsShown = 100;

    /// <summary>How many leading values <see cref="ToString"/> shows of a tensor larger than <see cref="MaxElementsShown"/>.</summary>
    public const int LeadingValuesShown = 6;

    /// <summary>
    /// The shape and the values, like a numpy or torch repr: <c>Tensor[2, 3] [[1, 2, 3], [4, 5, 6]]</c>
    /// for up to <see cref="MaxElementsShown"/> elements; beyond that the shape, the first
    /// <see cref="LeadingValuesShown"/> values in row-major order and the count, as in
    /// <c>Tensor[1000, 784] [0, 0.5, 1, 0.25, 2, 3, …] (784000 values)</c>. Values are written
    /// in the invariant culture as the shortest text that reads back as the same float.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("Tensor").Append(ShapeText).Append(' ');
        ReadOnlySpan<float> values = AsSpan();
        if (values.Length > MaxElementsShown)
        {
            text.Append('[');
            AppendValues(text, values[..LeadingValuesShown]);
            return text.Append(", …] (").Append(values.Length.ToString(CultureInfo.InvariantCulture)).Append(" values)").ToString();
        }

        if (Rank == 1)
        {
            return AppendValues(text.Append('['), values).Append(']').ToString();
        }

        text.Append('[');
        for (int r = 0; r < Rows; r++)
        {
            AppendValues(text.Append(r == 0 ? "[" : ", ["), values.Slice(r * Columns, Columns)).Append(']');
        }

        return text.Append(']').ToString();
    }

    private static StringBuilder AppendValues(StringBuilder text, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(values[i].ToString(CultureInfo.InvariantCulture));
        }

        return text;
    }
}
