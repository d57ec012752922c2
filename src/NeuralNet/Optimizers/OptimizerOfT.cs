using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>
/// An optimizer whose per-parameter state (momentum buffers, running averages) is a
/// <typeparamref name="TState"/>, created once the first time a parameter is stepped.
/// </summary>
/// <typeparam name="TState">The state held for each parameter.</typeparam>
public abstract class Optimizer<TState> : Optimizer
    where TState : class
{
    private readonly Dictionary<Parameter, TState> _states = [];

    /// <summary>Validates and stores the shared hyperparameters.</summary>
    /// <param name="learningRate">The step size, finite and &gt; 0.</param>
    /// <param name="weightDecay">The weight-decay coefficient, finite and ≥ 0.</param>
    protected Optimizer(float learningRate, float weightDecay)
        : base(learningRate, weightDecay)
    {
    }

    /// <summary>Creates the state of a parameter seen for the first time.</summary>
    /// <param name="length">The number of values in the parameter.</param>
    /// <returns>The new state.</returns>
    protected abstract TState CreateState(int length);

    /// <summary>The update rule, element by element over one parameter.</summary>
    /// <param name="value">The parameter's values, updated in place.</param>
    /// <param name="gradient">The gradient (read-only: weight decay is added to a local copy of each element).</param>
    /// <param name="state">This parameter's state.</param>
    /// <param name="stepNumber">The step number, starting at 1.</param>
    protected abstract void Update(Span<float> value, ReadOnlySpan<float> gradient, TState state, int stepNumber);

    /// <inheritdoc/>
    protected sealed override void Update(Parameter parameter, int stepNumber)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_states.TryGetValue(parameter, out TState? state))
        {
            state = CreateState(parameter.Value.Length);
            _states.Add(parameter, state);
        }

        Update(parameter.Value.AsSpan(), parameter.Gradient.AsSpan(), state, stepNumber);
    }
}
