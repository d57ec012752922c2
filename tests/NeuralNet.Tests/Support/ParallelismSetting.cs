namespace NeuralNet.Tests.Support;

/// <summary>
/// The test collection for tests that change <see cref="NeuralNet.Kernels.Parallelism.MaxDegreeOfParallelism"/>,
/// a process-wide setting: xUnit runs this collection alone, after the parallel ones, so no other
/// test sees the value while it is changed. Such tests must restore the setting in a <c>finally</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ParallelismSetting
{
    /// <summary>The collection's name, for <c>[Collection(ParallelismSetting.Name)]</c>.</summary>
    public const string Name = "Parallelism";
}
