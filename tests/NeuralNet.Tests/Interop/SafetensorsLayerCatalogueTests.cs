using NeuralNet.Layers;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Interop;

/// <summary>
/// Every layer kind the library defines, found by reflection, goes through safetensors and back:
/// a layer added later without a safetensors mapping (or without a factory here) fails this test.
/// </summary>
public sealed class SafetensorsLayerCatalogueTests
{
    /// <summary>Each kind as it appears between two Dense layers of width 3; <c>variant</c> gives different values.</summary>
    private static readonly Dictionary<Type, Func<int, Layer>> s_factories = new()
    {
        [typeof(Dense)] = variant => new Dense(3, 3, WeightInitialization.He, seed: 10 + variant),
        [typeof(Standardization)] = variant => new Standardization([1f + variant, -2f, 0.5f], [0.5f, 1f + variant, 2f]),
        [typeof(ReLU)] = _ => new ReLU(),
        [typeof(Sigmoid)] = _ => new Sigmoid(),
        [typeof(Tanh)] = _ => new Tanh(),
        [typeof(Softmax)] = _ => new Softmax(),
        [typeof(Identity)] = _ => new Identity(),
        [typeof(LeakyReLU)] = _ => new LeakyReLU(0.2f),
        [typeof(ELU)] = _ => new ELU(0.5f),
        [typeof(GELU)] = _ => new GELU(),
        [typeof(SiLU)] = _ => new SiLU(),
        [typeof(Softplus)] = _ => new Softplus(2f, 3f),
        [typeof(Dropout)] = _ => new Dropout(0.25f, seed: 1),
        [typeof(BatchNorm)] = variant =>
        {
            var norm = new BatchNorm(3, epsilon: 1e-3f);
            float[] values = [1.5f + variant, -0.5f, 0.25f];
            values.CopyTo(norm.Gamma.Value.AsSpan());
            values.Reverse().ToArray().CopyTo(norm.Beta.Value.AsSpan());
            values.CopyTo(norm.RunningMean.AsSpan());
            new float[] { 0.5f, 2f + variant, 1f }.CopyTo(norm.RunningVariance.AsSpan());
            return norm;
        },
    };

    private static readonly Type[] s_kinds =
    [
        .. typeof(Layer).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.IsSubclassOf(typeof(Layer)) && t != typeof(Sequential))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    public static TheoryData<string> LayerKinds => [.. s_kinds.Select(t => t.FullName!)];

    [Fact]
    public void Catalogue_FoundByReflection_HoldsTheKnownKinds()
    {
        s_kinds.Should().Contain([typeof(Dense), typeof(Standardization), typeof(ReLU), typeof(Softmax)]);
    }

    [Theory]
    [MemberData(nameof(LayerKinds))]
    public void SaveThenLoad_EveryLayerKind_RestoresTheLayerExactly(string kind)
    {
        Type type = s_kinds.Single(t => t.FullName == kind);
        s_factories.Should().ContainKey(type, $"{type.Name} is a layer kind: give it a safetensors mapping (src/NeuralNet/Interop/StateDict.cs) and a factory here");
        Sequential original = Network(s_factories[type](0), seed: 1), twin = Network(s_factories[type](1), seed: 2);
        var x = new Tensor([0.3f, -1.2f, 2.5f, 1f, 0f, -0.7f], 2, 3);

        byte[] saved = SafetensorsBytes.Save(original);
        SafetensorsBytes.Load(twin, saved);

        twin.Predict(x).AsSpan().ToArray().Should().Equal(original.Predict(x).AsSpan().ToArray());
        for (int p = 0; p < original.Parameters.Count; p++)
        {
            twin.Parameters[p].Value.AsSpan().ToArray().Should().Equal(original.Parameters[p].Value.AsSpan().ToArray());
        }

        SafetensorsBytes.Save(twin).Should().Equal(saved);
    }

    [Fact]
    public void SaveAndLoad_ALayerKindWithoutMapping_ThrowNotSupportedNamingIt()
    {
        var model = new Sequential(new Dense(3, 3, seed: 1), new Doubling());
        byte[] valid = SafetensorsBytes.Save(new Sequential(new Dense(3, 3, seed: 1), new ReLU()));

        ((Action)(() => SafetensorsBytes.Save(model))).Should().Throw<NotSupportedException>().WithMessage("*Layer 1 (Doubling)*no safetensors mapping*");
        ((Action)(() => SafetensorsBytes.Load(model, valid))).Should().Throw<NotSupportedException>().WithMessage("*Layer 1 (Doubling)*");
    }

    [Fact]
    public void SaveThenLoad_ACustomActivation_TakesAnIndexAndNoTensors()
    {
        Sequential original = new(new Dense(3, 3, seed: 1), new Negation(), new Dense(3, 2, seed: 2)), twin = new(new Dense(3, 3, seed: 3), new Negation(), new Dense(3, 2, seed: 4));

        byte[] saved = SafetensorsBytes.Save(original);
        SafetensorsBytes.Load(twin, saved);

        SafetensorsBytes.Tensors(saved).Keys.Should().BeEquivalentTo(["0.weight", "0.bias", "2.weight", "2.bias"]);
        SafetensorsBytes.Save(twin).Should().Equal(saved);
    }

    private static Sequential Network(Layer middle, int seed) => new(new Dense(3, 3, seed: seed), middle, new Dense(3, 2, seed: seed + 100));

    /// <summary>A layer kind of a user's own, which the safetensors mapping cannot know.</summary>
    private sealed class Doubling : Layer
    {
        protected override Tensor ForwardCore(Tensor input)
        {
            Tensor output = input.Clone();
            foreach (ref float value in output.AsSpan())
            {
                value *= 2;
            }

            return output;
        }

        protected override Tensor? BackwardCore(Tensor outputGradient, bool computeInputGradient) => outputGradient;
    }

    /// <summary>An activation of a user's own: no parameters, so like nn.ReLU it has an index and no tensors.</summary>
    private sealed class Negation : Activation
    {
        protected override void Apply(Tensor input, Tensor output)
        {
            for (int i = 0; i < input.Length; i++)
            {
                output.AsSpan()[i] = -input.AsSpan()[i];
            }
        }

        protected override void Derive(Tensor output, Tensor outputGradient, Tensor inputGradient)
        {
            for (int i = 0; i < output.Length; i++)
            {
                inputGradient.AsSpan()[i] = -outputGradient.AsSpan()[i];
            }
        }
    }
}
