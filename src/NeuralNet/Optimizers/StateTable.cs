using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>What <see cref="Optimizer.ResetState"/> needs of a state table: a way to forget every state.</summary>
internal interface IStateTable
{
    /// <summary>Forgets every parameter's state; the next step creates it afresh.</summary>
    void Clear();
}

/// <summary>
/// An optimizer's per-parameter state, created once, the first time the optimizer steps a
/// parameter, and found again by the parameter's identity on every later step.
/// </summary>
/// <typeparam name="TState">The optimizer's private state record (its moment buffers).</typeparam>
internal sealed class StateTable<TState> : IStateTable
    where TState : class
{
    private readonly Dictionary<Parameter, TState> _states = new(ReferenceEqualityComparer.Instance);
    private readonly Func<int, TState> _create;

    /// <summary>Creates the table and registers it with its optimizer, so that a reset clears it.</summary>
    /// <param name="owner">The optimizer whose state this is.</param>
    /// <param name="create">Makes the state of a parameter with the given number of values; called once per parameter.</param>
    public StateTable(Optimizer owner, Func<int, TState> create)
    {
        _create = create;
        owner.Track(this);
    }

    /// <summary>The state of <paramref name="parameter"/>, created on first sight.</summary>
    public TState For(Parameter parameter)
    {
        if (!_states.TryGetValue(parameter, out TState? state))
        {
            state = _create(parameter.Value.Length);
            _states.Add(parameter, state);
        }

        return state;
    }

    /// <inheritdoc/>
    public void Clear() => _states.Clear();
}
