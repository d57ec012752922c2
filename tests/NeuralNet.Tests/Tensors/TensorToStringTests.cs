using System.Globalization;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Tensors;

/// <summary><see cref="Tensor.ToString"/>: values for small tensors, the shape and a few values for large ones.</summary>
public sealed class TensorToStringTests
{
    [Fact]
    public void ToString_SmallMatrix_ShowsNestedRows()
    {
        var t = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

        t.ToString().Should().Be("Tensor[2, 3] [[1, 2, 3], [4, 5, 6]]");
    }

    [Fact]
    public void ToString_Vector_ShowsOneList()
    {
        var t = new Tensor([0.5f, -2f, 1e-7f], 3);

        t.ToString().Should().Be("Tensor[3] [0.5, -2, 1E-07]");
    }

    [Fact]
    public void ToString_Values_AreShortestRoundTripInInvariantCulture()
    {
        var t = new Tensor([0.1f, 1f / 3f, float.NaN, float.NegativeInfinity], 4);
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            t.ToString().Should().Be("Tensor[4] [0.1, 0.33333334, NaN, -Infinity]");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(0, 3, "Tensor[0, 3] []")]
    [InlineData(2, 0, "Tensor[2, 0] [[], []]")]
    public void ToString_EmptyMatrix_ShowsEmptyBrackets(int rows, int columns, string expected)
    {
        new Tensor(rows, columns).ToString().Should().Be(expected);
    }

    [Fact]
    public void ToString_AtTheThreshold_ShowsEveryValue()
    {
        var t = new Tensor([.. Enumerable.Range(0, Tensor.MaxElementsShown).Select(i => (float)i)], 10, 10);

        t.ToString().Should().StartWith("Tensor[10, 10] [[0, 1,").And.EndWith("98, 99]]");
    }

    [Fact]
    public void ToString_AboveTheThreshold_ShowsShapeLeadingValuesAndCount()
    {
        var t = new Tensor([.. Enumerable.Range(0, 1000 * 784).Select(i => i * 0.5f)], 1000, 784);

        t.ToString().Should().Be("Tensor[1000, 784] [0, 0.5, 1, 1.5, 2, 2.5, …] (784000 values)");
    }
}
