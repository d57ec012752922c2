namespace NeuralNet.Samples;

/// <summary>Every program, in the order the usage lists them. Each helper adds its own entries here.</summary>
internal static class SampleCatalog
{
    public static ISample[] All =>
    [
        new Programs.QuickStartSample(),
        new Programs.ProblemTypesSample(),
        new Programs.XorSample(),
        new Programs.FashionSample(),
        new Programs.GeneralisationSample(),
        new Programs.SchedulesSample(),
        new Programs.DescentModesSample(),
        new Programs.OptimizerRaceSample(),
    ];
}
