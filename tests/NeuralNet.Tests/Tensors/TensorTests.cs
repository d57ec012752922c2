using NeuralNet.Tensors;

namespace NeuralNet.Tests.Tensors;

public sealed class TensorTests
{
    [Fact]
    public void Constructor_Vector_HasOneRowAndLengthColumns()
    {
        var t = new Tensor(5);

        t.Rank.Should().Be(1);
        t.Shape.Should().Equal(5);
        t.Rows.Should().Be(1);
        t.Columns.Should().Be(5);
        t.Length.Should().Be(5);
        t.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Constructor_Matrix_HasRowsColumnsAndZeroValues()
    {
        var t = new Tensor(3, 4);

        t.Rank.Should().Be(2);
        t.Shape.Should().Equal(3, 4);
        t.Rows.Should().Be(3);
        t.Columns.Should().Be(4);
        t.Length.Should().Be(12);
        t.AsSpan().Length.Should().Be(12);
        t.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
        t.ShapeText.Should().Be("[3, 4]");
        t.ToString().Should().StartWith("Tensor[3, 4] ");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    [InlineData(0, 0)]
    public void Constructor_ZeroSizedDimension_IsEmpty(int rows, int columns)
    {
        var t = new Tensor(rows, columns);

        t.Length.Should().Be(0);
        t.AsSpan().IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Constructor_NoDimensions_ThrowsWithCount()
    {
        Action create = () => _ = new Tensor();

        create.Should().Throw<ArgumentException>().WithMessage("*one or two dimensions*0 were given*").WithParameterName("shape");
    }

    [Fact]
    public void Constructor_ThreeDimensions_ThrowsWithCount()
    {
        Action create = () => _ = new Tensor(2, 3, 4);

        create.Should().Throw<ArgumentException>().WithMessage("*one or two dimensions*3 were given*");
    }

    [Fact]
    public void Constructor_NegativeDimension_ThrowsNamingTheShape()
    {
        Action create = () => _ = new Tensor(2, -1);

        create.Should().Throw<ArgumentException>().WithMessage("*non-negative*[2, -1]*").WithParameterName("shape");
    }

    [Fact]
    public void Constructor_MoreElementsThanAnArrayHolds_ThrowsInsteadOfAllocating()
    {
        Action create = () => _ = new Tensor(100_000, 100_000);

        create.Should().Throw<ArgumentException>().WithMessage("*[100000, 100000]*10000000000*");
    }

    [Fact]
    public void Constructor_NullShape_ThrowsArgumentNullException()
    {
        Action create = () => _ = new Tensor((int[])null!);

        create.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Constructor_FromValues_CopiesThemRowMajor()
    {
        float[] values = [1, 2, 3, 4, 5, 6];

        var t = new Tensor(values, 2, 3);
        values[0] = 100;

        t[0].Should().Be(1f, "the tensor holds a copy");
        t[1, 0].Should().Be(4f);
        t[1, 2].Should().Be(6f);
        t[5].Should().Be(6f);
    }

    [Fact]
    public void Constructor_ValuesDoNotMatchShape_ThrowsWithBothCounts()
    {
        Action create = () => _ = new Tensor([1f, 2f, 3f, 4f, 5f], 2, 3);

        create.Should().Throw<ArgumentException>().WithMessage("*5 elements*[2, 3]*6*").WithParameterName("values");
    }

    [Fact]
    public void Constructor_ShapeArrayChangedAfterwards_DoesNotChangeTheTensor()
    {
        int[] shape = [2, 3];

        var t = new Tensor(shape);
        shape[0] = 7;

        t.Shape.Should().Equal(2, 3);
    }

    [Fact]
    public void FromArray_RectangularArray_KeepsRowsAndColumns()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        t.Shape.Should().Equal(2, 3);
        t.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
        t[1, 1].Should().Be(5f);
    }

    [Fact]
    public void FromArray_NoRows_GivesEmptyMatrix()
    {
        var t = Tensor.FromArray(new float[0, 3]);

        t.Shape.Should().Equal(0, 3);
        t.Length.Should().Be(0);
    }

    [Fact]
    public void FromArray_Null_ThrowsArgumentNullException()
    {
        Action create = () => Tensor.FromArray(null!);

        create.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Row_OfMatrix_IsAWritableViewOfThatRow()
    {
        var t = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);

        Span<float> row = t.Row(1);
        row[1] = 40f;

        row.ToArray().Should().Equal(3f, 40f);
        t[1, 1].Should().Be(40f);
        t[3].Should().Be(40f);
    }

    [Fact]
    public void Row_OfVector_IsTheWholeVector()
    {
        var t = new Tensor([1f, 2f, 3f], 3);

        t.Row(0).ToArray().Should().Equal(1f, 2f, 3f);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Row_OutsideTheMatrix_ThrowsArgumentOutOfRangeException(int row)
    {
        var t = new Tensor(3, 2);

        Action read = () => t.Row(row);

        read.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Indexer_FlatIndexOutsideTheTensor_ThrowsArgumentOutOfRangeNamingIndex(int index)
    {
        var t = new Tensor(2, 2);

        Action read = () => _ = t[index];
        Action write = () => t[index] = 1f;

        read.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        write.Should().Throw<ArgumentOutOfRangeException>().WithMessage("index must be in [0, 4)*");
    }

    [Theory]
    [InlineData(0, 2, "column")]
    [InlineData(0, -1, "column")]
    [InlineData(2, 0, "row")]
    [InlineData(-1, 0, "row")]
    public void Indexer_RowOrColumnOutsideTheMatrix_ThrowsArgumentOutOfRangeNamingIt(int row, int column, string name)
    {
        var t = new Tensor(2, 2);

        Action read = () => _ = t[row, column];
        Action write = () => t[row, column] = 1f;

        read.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
        write.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Shape_ReadBeforeAReshape_KeepsTheShapeItWasReadAt()
    {
        Tensor? buffer = new Tensor(4, 3);
        IReadOnlyList<int> before = buffer.Shape;

        Tensor.Ensure(ref buffer, 2, 5);

        before.Should().Equal(4, 3);
        buffer!.Shape.Should().Equal(2, 5);
    }

    [Fact]
    public void Shape_CannotBeCastBackAndWritten()
    {
        var t = new Tensor(2, 3);

        (t.Shape as int[]).Should().BeNull("a caller must not be able to change the tensor's shape through it");
    }

    [Fact]
    public void Clone_IsADeepCopyWithTheSameShape()
    {
        var original = new Tensor([1f, 2f, 3f, 4f], 2, 2);

        Tensor copy = original.Clone();
        copy[0] = 100f;

        copy.Should().NotBeSameAs(original);
        copy.HasSameShape(original).Should().BeTrue();
        original[0].Should().Be(1f);
        copy.AsSpan().ToArray().Should().Equal(100f, 2f, 3f, 4f);
    }

    [Fact]
    public void CopyTo_SameShape_CopiesTheValues()
    {
        var source = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var destination = new Tensor(2, 3);

        source.CopyTo(destination);

        destination.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void CopyTo_DifferentShapeSameLength_ThrowsNamingBothShapes()
    {
        var source = new Tensor(2, 3);
        var destination = new Tensor(3, 2);

        Action copy = () => source.CopyTo(destination);

        copy.Should().Throw<ArgumentException>().WithMessage("*[3, 2]*[2, 3]*").WithParameterName("destination");
    }

    [Fact]
    public void CopyTo_VectorIntoOneRowMatrix_Throws()
    {
        Action copy = () => new Tensor(4).CopyTo(new Tensor(1, 4));

        copy.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void HasSameShape_ComparesRankAndEveryDimension()
    {
        var matrix = new Tensor(2, 3);

        matrix.HasSameShape(new Tensor(2, 3)).Should().BeTrue();
        matrix.HasSameShape(new Tensor(3, 2)).Should().BeFalse();
        new Tensor(6).HasSameShape(new Tensor(1, 6)).Should().BeFalse();
    }

    [Fact]
    public void Clear_SetsEveryElementToZero()
    {
        var t = new Tensor([1f, 2f, 3f], 3);

        t.Clear();

        t.AsSpan().ToArray().Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Reshape_SmallerThenLarger_ReusesStorageUntilItMustGrow()
    {
        var t = new Tensor([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);

        t.Reshape(2, 2);
        t.Shape.Should().Equal(2, 2);
        t.AsSpan().ToArray().Should().Equal(1f, 2f, 3f, 4f);

        t.Reshape(3, 2);
        t.AsSpan().ToArray().Should().Equal([1f, 2f, 3f, 4f, 5f, 6f], "the storage was kept");

        t.Reshape(5, 4);
        t.Length.Should().Be(20);
        t.Row(4).Length.Should().Be(4);
    }

    [Fact]
    public void Ensure_NullBuffer_CreatesIt_ThenReusesTheSameInstance()
    {
        Tensor? buffer = null;

        Tensor first = Tensor.Ensure(ref buffer, 4, 3);
        Tensor second = Tensor.Ensure(ref buffer, 2, 3);

        first.Should().BeSameAs(buffer);
        second.Should().BeSameAs(first);
        second.Shape.Should().Equal(2, 3);
    }
}
