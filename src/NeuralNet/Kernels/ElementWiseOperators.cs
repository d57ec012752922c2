using System.Numerics;
using System.Runtime.Intrinsics;

namespace NeuralNet.Kernels;

// The shapes of the element-wise operators, kept in one file so that they read together (as in
// TensorPrimitives): an operator is a struct holding one formula twice, for one float and for a
// Vector<float>, on adjacent lines; ElementWise runs it over spans. An operator without parameters
// has static members; one with parameters (a learning rate, a factor) is a readonly struct whose
// fields hold them, so the same formula reads its parameters in both forms.

/// <summary>An element-wise function of one input with no parameters: y = f(x).</summary>
internal interface IUnaryOperator
{
    /// <summary>f of one value.</summary>
    static abstract float Invoke(float x);

    /// <summary>f of each lane: the same formula, lane by lane.</summary>
    static abstract Vector<float> Invoke(Vector<float> x);
}

/// <summary>An element-wise function of two inputs with no parameters: z = f(x, y).</summary>
internal interface IBinaryOperator
{
    /// <summary>f of one pair of values.</summary>
    static abstract float Invoke(float x, float y);

    /// <summary>f of each pair of lanes: the same formula, lane by lane.</summary>
    static abstract Vector<float> Invoke(Vector<float> x, Vector<float> y);
}

/// <summary>An element-wise function of one input whose parameters the struct's fields hold.</summary>
internal interface IStatefulUnaryOperator
{
    /// <summary>f of one value.</summary>
    float Invoke(float x);

    /// <summary>f of each lane: the same formula, lane by lane.</summary>
    Vector<float> Invoke(Vector<float> x);
}

/// <summary>An element-wise function of two inputs whose parameters the struct's fields hold.</summary>
internal interface IStatefulBinaryOperator
{
    /// <summary>f of one pair of values.</summary>
    float Invoke(float x, float y);

    /// <summary>f of each pair of lanes: the same formula, lane by lane.</summary>
    Vector<float> Invoke(Vector<float> x, Vector<float> y);
}

/// <summary>
/// An optimizer's update of one element: it reads the gradient and updates the value and two
/// per-element state slots (Adam's moments) in place.
/// </summary>
internal interface IUpdateOperator
{
    /// <summary>The update of one element.</summary>
    void Invoke(ref float value, float gradient, ref float first, ref float second);

    /// <summary>The update of each lane: the same formula, lane by lane.</summary>
    void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> first, ref Vector<float> second);
}

/// <summary>
/// An optimizer's update of one element with one per-element state slot (a momentum buffer, a sum of
/// squared gradients): it reads the gradient and updates the value and the state in place.
/// </summary>
internal interface IStateUpdateOperator
{
    /// <summary>The update of one element.</summary>
    void Invoke(ref float value, float gradient, ref float state);

    /// <summary>The update of each lane: the same formula, lane by lane.</summary>
    void Invoke(ref Vector<float> value, Vector<float> gradient, ref Vector<float> state);
}

/// <summary>
/// An update whose cost is its arithmetic (square roots, divisions) rather than its memory traffic,
/// so that 512-bit lanes pay where the hardware has them (<see cref="ElementWise.UpdateWide"/>).
/// </summary>
internal interface IWideUpdateOperator : IUpdateOperator
{
    /// <summary>The update of each of 16 lanes: the same formula, lane by lane.</summary>
    void Invoke(ref Vector512<float> value, Vector512<float> gradient, ref Vector512<float> first, ref Vector512<float> second);
}
