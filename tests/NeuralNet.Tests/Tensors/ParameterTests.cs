using NeuralNet.Tensors;

namespace NeuralNet.Tests.Tensors;

public sealed class ParameterTests
{
    [Fact]
    public void Constructor_Value_GradientHasTheSameShapeAndIsZero()
    {
        var value = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

        var parameter = new Parameter("weight", value);

        parameter.Value.Should().BeSameAs(value);
        parameter.Gradient.HasSameShape(value).Should().BeTrue();
        parameter.Gradient.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
        parameter.Name.Should().Be("weight");
        parameter.ToString().Should().Be("weight[2, 3]");
    }

    [Fact]
    public void ZeroGradient_ClearsTheGradientOnly()
    {
        var parameter = new Parameter("bias", new Tensor([1f, 2f], 2));
        parameter.Gradient[0] = 5f;

        parameter.ZeroGradient();

        parameter.Gradient.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
        parameter.Value.AsSpan().ToArray().Should().Equal(1f, 2f);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_BlankName_ThrowsArgumentException(string name)
    {
        Action create = () => _ = new Parameter(name, new Tensor(1));

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Constructor_NullValue_ThrowsArgumentNullException()
    {
        Action create = () => _ = new Parameter("weight", null!);

        create.Should().Throw<ArgumentNullException>();
    }
}
