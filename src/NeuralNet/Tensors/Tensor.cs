namespace NeuralNet.Tensors;

/// <summary>
/// A row-major array of <see cref="float"/> values with a shape: a vector (rank 1) or a matrix of
/// <see cref="Rows"/> × <see cref="Columns"/> (rank 2). Deliberately thin: the arithmetic lives in
/// the kernels, which work on <see cref="AsSpan"/>.
/// </summary>
/// <remarks>
/// A rank-2 tensor may hold more storage than its shape uses: layers keep one buffer per tensor and
/// change only the row count when the batch size changes, so a short last batch allocates nothing.
/// </remarks>
public sealed partial class Tensor
{
    private float[] _data;
    private int[] _shape; // never written after it is set: Reshape replaces it, so a Shape read earlier stays true
    private IReadOnlyList<int> _shapeView;

    /// <summary>Creates a zero-filled tensor of the given shape (one or two dimensions, each ≥ 0).</summary>
    /// <param name="shape">The size of each dimension.</param>
    /// <exception cref="ArgumentException">The shape has no dimension, more than two, or a negative size.</exception>
    public Tensor(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = ValidateShape(shape);
        _shapeView = Array.AsReadOnly(_shape);
        _data = new float[ProductOf(_shape)];
    }

    /// <summary>Creates a tensor of the given shape holding a copy of <paramref name="values"/>.</summary>
    /// <param name="values">The elements in row-major order; their count must equal the product of the shape.</param>
    /// <param name="shape">The size of each dimension (one or two dimensions).</param>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public Tensor(ReadOnlySpan<float> values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = ValidateShape(shape);
        _shapeView = Array.AsReadOnly(_shape);
        int length = ProductOf(_shape);
        if (values.Length != length)
        {
            throw new ArgumentException(
                $"values has {values.Length} elements; shape [{string.Join(", ", shape)}] needs {length}.",
                nameof(values));
        }

        _data = values.ToArray();
    }

    /// <summary>A rows × columns matrix over <paramref name="storage"/> without copying it (for buffers rented from a pool).</summary>
    private Tensor(float[] storage, int rows, int columns)
    {
        _shape = [rows, columns];
        _shapeView = Array.AsReadOnly(_shape);
        _data = storage;
    }

    /// <summary>A rows × columns matrix whose storage is <paramref name="storage"/> (at least rows × columns long), shared, not copied.</summary>
    internal static Tensor Over(float[] storage, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(storage.Length, rows * columns, nameof(storage));
        return new Tensor(storage, rows, columns);
    }

    /// <summary>Creates a matrix from a rectangular two-dimensional array.</summary>
    /// <param name="values">The elements, indexed [row, column].</param>
    /// <returns>A new tensor of shape [rows, columns].</returns>
    public static Tensor FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var tensor = new Tensor(rows, columns);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                tensor._data[(r * columns) + c] = values[r, c];
            }
        }

        return tensor;
    }

    /// <summary>The size of each dimension, as it is when read (a later reshape of a layer's buffer does not change it).</summary>
    public IReadOnlyList<int> Shape => _shapeView;

    /// <summary>The number of dimensions: 1 for a vector, 2 for a matrix.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (the product of the shape).</summary>
    public int Length => Rank == 1 ? _shape[0] : _shape[0] * _shape[1];

    /// <summary>The number of rows: the first dimension of a matrix, 1 for a vector.</summary>
    public int Rows => Rank == 1 ? 1 : _shape[0];

    /// <summary>The number of columns: the second dimension of a matrix, the length of a vector.</summary>
    public int Columns => _shape[^1];

    /// <summary>The element at a flat, row-major index.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Length"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the tensor.</exception>
    public float this[int index]
    {
        get => AsSpan()[CheckIndex(index, Length, nameof(index))];
        set => AsSpan()[CheckIndex(index, Length, nameof(index))] = value;
    }

    /// <summary>The element at a row and column of a matrix.</summary>
    /// <param name="row">The row, 0 ≤ row &lt; <see cref="Rows"/>.</param>
    /// <param name="column">The column, 0 ≤ column &lt; <see cref="Columns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row or the column is outside the tensor.</exception>
    public float this[int row, int column]
    {
        get => Row(row)[CheckIndex(column, Columns, nameof(column))];
        set => Row(row)[CheckIndex(column, Columns, nameof(column))] = value;
    }

    /// <summary>The elements in row-major order.</summary>
    /// <returns>A span over exactly <see cref="Length"/> elements.</returns>
    public Span<float> AsSpan() => _data.AsSpan(0, Length);

    /// <summary>One row of a matrix.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>A span over the <see cref="Columns"/> elements of that row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside the tensor.</exception>
    public Span<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _data.AsSpan(row * Columns, Columns);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => AsSpan().Clear();

    /// <summary>Creates a deep copy with its own storage.</summary>
    /// <returns>A new tensor with the same shape and values.</returns>
    public Tensor Clone() => new(AsSpan(), [.. _shape]);

    /// <summary>Copies the values into another tensor of the same shape.</summary>
    /// <param name="destination">The tensor to overwrite.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyTo(Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!HasSameShape(destination))
        {
            throw new ArgumentException(
                $"destination has shape {destination.ShapeText}; expected {ShapeText}.", nameof(destination));
        }

        AsSpan().CopyTo(destination.AsSpan());
    }

    /// <summary>Whether another tensor has exactly this shape.</summary>
    /// <param name="other">The tensor to compare with.</param>
    /// <returns><see langword="true"/> when the ranks and every dimension agree.</returns>
    public bool HasSameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _shape.AsSpan().SequenceEqual(other._shape);
    }

    /// <summary>The shape written as <c>[rows, columns]</c>, for messages.</summary>
    public string ShapeText => "[" + string.Join(", ", _shape) + "]";

    /// <summary>
    /// Makes this matrix <paramref name="rows"/> × <paramref name="columns"/>, reusing the storage
    /// when it is large enough; values are unspecified afterwards. Layers call this once per
    /// forward pass, so a steady batch size allocates nothing.
    /// </summary>
    internal void Reshape(int rows, int columns)
    {
        int needed = rows * columns;
        if (needed > _data.Length)
        {
            _data = new float[needed];
        }

        if (_shape[0] != rows || _shape[1] != columns)
        {
            _shape = [rows, columns];
            _shapeView = Array.AsReadOnly(_shape);
        }
    }

    /// <summary>Returns <paramref name="buffer"/> reshaped to rows × columns, creating it when null.</summary>
    internal static Tensor Ensure(ref Tensor? buffer, int rows, int columns)
    {
        if (buffer is null)
        {
            buffer = new Tensor(rows, columns);
        }
        else
        {
            buffer.Reshape(rows, columns);
        }

        return buffer;
    }

    /// <summary>
    /// Copies rows [start, start + count) of this matrix into <paramref name="buffer"/>, reshaped to
    /// count × <see cref="Columns"/> (created when null): how batches and evaluation chunks are cut.
    /// </summary>
    internal Tensor CopyRows(int start, int count, ref Tensor? buffer)
    {
        Tensor destination = Ensure(ref buffer, count, Columns);
        AsSpan().Slice(start * Columns, count * Columns).CopyTo(destination.AsSpan());
        return destination;
    }

    private static int CheckIndex(int index, int count, string name)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(name, index, $"{name} must be in [0, {count}).");
        }

        return index;
    }

    private static int[] ValidateShape(int[] shape)
    {
        if (shape.Length is < 1 or > 2)
        {
            throw new ArgumentException(
                $"A tensor has one or two dimensions; {shape.Length} were given.", nameof(shape));
        }

        foreach (int size in shape)
        {
            if (size < 0)
            {
                throw new ArgumentException(
                    $"Dimension sizes must be non-negative; got [{string.Join(", ", shape)}].", nameof(shape));
            }
        }

        _ = ProductOf(shape);
        return [.. shape];
    }

    private static int ProductOf(int[] shape)
    {
        long product = 1;
        foreach (int size in shape)
        {
            product *= size;
        }

        if (product > Array.MaxLength)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape)}] has {product} elements, more than an array can hold.",
                nameof(shape));
        }

        return (int)product;
    }
}
