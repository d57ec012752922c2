using NeuralNet.Layers;
using NeuralNet.Tensors;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

/// <summary>The prediction API of <see cref="Sequential"/>: one sample, the chosen class, the top k.</summary>
public sealed class ClassPredictionTests
{
    [Fact]
    public void Predict_OneSample_EqualsThatRowOfTheBatch()
    {
        Sequential model = Classifier(new Softmax());
        Tensor batch = TestData.Matrix(6, 4, seed: 3);

        float[] one = model.Predict(batch.Row(4));

        one.Should().Equal(model.Predict(batch).Row(4).ToArray());
    }

    [Fact]
    public void Predict_SampleOfWrongLength_ThrowsNamingBothLengths()
    {
        Sequential model = Classifier(new Softmax());

        Action act = () => model.Predict(new float[5]);

        act.Should().ThrowExactly<ArgumentException>().WithParameterName("sample").WithMessage("*5 values*expects 4*");
    }

    [Fact]
    public void PredictClass_Softmax_ReturnsArgMaxAndItsProbability()
    {
        Sequential model = Classifier(new Softmax());
        Tensor batch = TestData.Matrix(20, 4, seed: 5);
        Tensor probabilities = model.Predict(batch);

        IReadOnlyList<ClassPrediction> chosen = model.PredictClass(batch);

        chosen.Should().HaveCount(20);
        for (int r = 0; r < 20; r++)
        {
            float[] row = probabilities.Row(r).ToArray();
            int best = Array.IndexOf(row, row.Max());
            chosen[r].Should().Be(new ClassPrediction(best, row[best]));
            model.PredictClass(batch.Row(r)).Should().Be(chosen[r]);
        }
    }

    [Theory]
    [InlineData(2f, 1)]
    [InlineData(0f, 1)] // p = 0.5 exactly: class 1, as Accuracy counts it
    [InlineData(-1f, 0)]
    public void PredictClass_OneSigmoidOutput_ThresholdsAtHalf(float logit, int expectedClass)
    {
        Sequential model = SigmoidWithLogit(logit);
        float p = model.Predict([0f])[0];

        ClassPrediction chosen = model.PredictClass([0f]);

        chosen.Should().Be(new ClassPrediction(expectedClass, expectedClass == 1 ? p : 1f - p));
    }

    [Fact]
    public void PredictTopK_OneSigmoidOutput_RanksBothClasses()
    {
        Sequential model = SigmoidWithLogit(-1f);
        float p = model.Predict([0f])[0];

        IReadOnlyList<ClassPrediction> ranked = model.PredictTopK([0f], k: 2);

        ranked.Should().Equal(new ClassPrediction(0, 1f - p), new ClassPrediction(1, p));
    }

    [Fact]
    public void PredictTopK_Softmax_IsSortedMostProbableFirst()
    {
        Sequential model = Classifier(new Softmax(), outputs: 6);
        Tensor batch = TestData.Matrix(10, 4, seed: 8);
        Tensor probabilities = model.Predict(batch);

        IReadOnlyList<IReadOnlyList<ClassPrediction>> ranked = model.PredictTopK(batch, k: 3);

        for (int r = 0; r < 10; r++)
        {
            float[] row = probabilities.Row(r).ToArray();
            int[] order = [.. Enumerable.Range(0, 6).OrderByDescending(j => row[j]).ThenBy(j => j).Take(3)];
            ranked[r].Should().Equal(order.Select(j => new ClassPrediction(j, row[j])));
            ranked[r][0].Should().Be(model.PredictClass(batch.Row(r)));
        }
    }

    [Fact]
    public void PredictTopK_TiedProbabilities_KeepIndexOrder()
    {
        // Zero weights and biases: every class gets the same probability.
        var model = new Sequential(new Dense(2, 4, seed: 1), new Softmax());
        model.Layers.OfType<Dense>().Single().Weight.Value.Clear();

        model.PredictTopK([1f, 2f], k: 4).Select(c => c.Index).Should().Equal(0, 1, 2, 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void PredictTopK_KOutsideOneToClassCount_Throws(int k)
    {
        Sequential model = Classifier(new Softmax());

        Action act = () => model.PredictTopK(new float[4], k);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(k));
    }

    [Fact]
    public void PredictClass_RegressionModel_ThrowsNamingTheOutputLayer()
    {
        Sequential model = Classifier(new Identity());

        Action act = () => model.PredictClass(new float[4]);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage("*classifier*Identity*regression*");
    }

    [Fact]
    public void PredictClass_MultiLabelModel_ThrowsPointingToTopK()
    {
        Sequential model = Classifier(new Sigmoid());

        Action act = () => model.PredictClass(new float[4]);

        act.Should().ThrowExactly<InvalidOperationException>().WithMessage("*multi-label*PredictTopK*");
    }

    [Fact]
    public void PredictTopK_MultiLabelModel_RanksLabelsByTheirOwnProbability()
    {
        Sequential model = Classifier(new Sigmoid());
        float[] sample = [0.5f, -1f, 2f, 0.25f];
        float[] p = model.Predict(sample);

        IReadOnlyList<ClassPrediction> ranked = model.PredictTopK(sample, k: 3);

        ranked.Select(c => c.Probability).Should().Equal(p.OrderDescending());
    }

    private static Sequential Classifier(Layer output, int outputs = 3) => new(
        new Dense(4, 8, WeightInitialization.He, seed: 1), new ReLU(),
        new Dense(8, outputs, seed: 2), output);

    /// <summary>A one-input sigmoid model whose output for the input 0 is σ(<paramref name="logit"/>).</summary>
    private static Sequential SigmoidWithLogit(float logit)
    {
        var dense = new Dense(1, 1, seed: 1);
        dense.Bias.Value[0] = logit;
        return new Sequential(dense, new Sigmoid());
    }
}
