using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Tests.Serialization;

/// <summary>Files written by earlier versions of the library keep loading.</summary>
public sealed class ModelFileVersionTests
{
    private static string FixturePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", name);

    // Fixtures/version1.nnet was written by the version-1 writer (commit ed7e151) with this
    // program, which also printed the expected outputs below as float bit patterns:
    //
    //   var model = new Sequential(
    //       new Dense(3, 4, seed: 11), new Sigmoid(),
    //       new Dense(4, 5, WeightInitialization.He, seed: 12), new Tanh(),
    //       new Dense(5, 4, seed: 13), new ReLU(), new Identity(),
    //       new Dense(4, 3, seed: 14), new Softmax());
    //   model.Save("version1.nnet");
    //   var x = new Tensor(2, 3);
    //   for (int i = 0; i < x.Length; i++) x[i] = MathF.Sin(i * 0.7f) * 2;
    //   ModelFile.Load("version1.nnet").Predict(x)  // printed with BitConverter.SingleToInt32Bits
    private static readonly int[] s_version1Outputs =
    [
        0x3ECE88B7, 0x3DB03228, 0x3F02B55F,
        0x3EC9FD23, 0x3DBA2172, 0x3F03BD41,
    ];

    [Fact]
    public void Load_Version1Fixture_GivesTheLayersAndOutputsItWasSavedWith()
    {
        Sequential model = ModelFile.Load(FixturePath("version1.nnet"));

        model.Layers.Select(l => l.Name).Should().Equal(
            "Dense(3→4)", "Sigmoid", "Dense(4→5)", "Tanh", "Dense(5→4)", "ReLU", "Identity", "Dense(4→3)", "Softmax");
        ((Dense)model.Layers[2]).Initialization.Should().Be(WeightInitialization.He);
        var x = new Tensor(2, 3);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Sin(i * 0.7f) * 2;
        }

        float[] outputs = model.Predict(x).AsSpan().ToArray();
        outputs.Select(BitConverter.SingleToInt32Bits).Should().Equal(s_version1Outputs);
    }
}
