namespace NeuralNet.Layers;

/// <summary>
/// The random numbers behind <see cref="Dropout"/>'s masks: SplitMix64 (Steele, Lea and Flood, 2014),
/// whose whole state is one 64-bit counter. Unlike <see cref="Random"/>, whose state .NET does not
/// expose, that state can be saved in a checkpoint and restored, so that a resumed run draws the
/// same masks as an uninterrupted one.
/// </summary>
internal sealed class DropoutMaskGenerator(ulong state)
{
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15;

    /// <summary>The generator's whole state; setting it continues another generator's sequence.</summary>
    public ulong State { get; set; } = state;

    /// <summary>The state a seed starts from; different seeds give unrelated sequences.</summary>
    public static ulong StateOf(int seed) => Mix(unchecked((ulong)(uint)seed * Golden) ^ 0xD1B5_4A32_D192_ED03);

    /// <summary>The next number in [0, 1): the top 24 bits of the next output, so every float is exact.</summary>
    public float NextSingle() => (Next() >> 40) * (1f / (1 << 24));

    private ulong Next()
    {
        State = unchecked(State + Golden);
        return Mix(State);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            return z ^ (z >> 31);
        }
    }
}
