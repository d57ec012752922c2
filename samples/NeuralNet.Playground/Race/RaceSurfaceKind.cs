namespace NeuralNet.Playground.Race;

/// <summary>The three surfaces of the optimizer race.</summary>
public enum RaceSurfaceKind
{
    /// <summary>Rosenbrock's banana valley.</summary>
    Rosenbrock,

    /// <summary>Beale's function: plateaus, steep walls and a narrow valley.</summary>
    Beale,

    /// <summary>The saddle x² − y².</summary>
    Saddle,
}
