using NeuralNet.Samples.Programs;

namespace NeuralNet.Samples.Tests;

/// <summary>A fact that is skipped, with the reason, on machines without the Fashion-MNIST files.</summary>
internal sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!new FashionSample().DataAvailable)
        {
            Skip = $"Fashion-MNIST is not in {FashionSample.DefaultDirectory}; install it with: sudo apt-get install dataset-fashion-mnist";
        }
    }
}
