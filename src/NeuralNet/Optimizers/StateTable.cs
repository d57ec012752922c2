using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>
/// An optimizer's per-parameter state, created once, the first time the optimizer steps a
/// parameter, and found again by the parameter's identity on every later step.
/// </summary>
/// <typeparam name="TState">The optimizer's private state record (its moment buffers).</typeparam>
/// <param name="create">Makes the state of a parameter with the given number of values; called once per parameter.</param>
internal sealed class StateTable<TState>(Func<int, TState> create)
    where TState : class
{
    private readonly Dictionary<Parameter, TState> _states = new(ReferenceEqualityComparer.Instance);

    /// <summary>The state of <paramref name="parameter"/>, created on first sight.</summary>
    public TState For(Parameter parameter)
    {
        if (!_states.TryGetValue(parameter, out TState? state))
        {
            state = create(parameter.Value.Length);
            _states.Add(parameter, state);
        }

        return state;
    }
}
