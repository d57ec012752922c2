using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>
/// What an optimizer keeps for one parameter, seen from outside the optimizer: its buffers in a
/// fixed order and one counter. Checkpoints save and restore it through this view.
/// </summary>
internal interface IParameterState
{
    /// <summary>The state's buffers in a fixed order (an unused buffer is an empty array).</summary>
    float[][] Buffers { get; }

    /// <summary>The state's counter: a step count, 1/0 for a started buffer, or 0 for none.</summary>
    int Counter { get; set; }
}

/// <summary>One parameter's optimizer state copied out of (or into) an optimizer: its buffers and counter.</summary>
/// <param name="Buffers">Copies of the buffers, in the optimizer's order.</param>
/// <param name="Counter">The step count or started flag.</param>
internal sealed record SavedParameterState(float[][] Buffers, int Counter);

/// <summary>What the optimizer base class needs of a state table: forget, copy out and copy in.</summary>
internal interface IStateTable
{
    /// <summary>Forgets every parameter's state; the next step creates it afresh.</summary>
    void Clear();

    /// <summary>A copy of <paramref name="parameter"/>'s state, or <see langword="null"/> if it has none yet.</summary>
    SavedParameterState? Export(Parameter parameter);

    /// <summary>Replaces <paramref name="parameter"/>'s state with a copy of <paramref name="saved"/>.</summary>
    /// <exception cref="InvalidDataException">The saved buffers do not have the shapes this optimizer's state has.</exception>
    void Import(Parameter parameter, SavedParameterState saved);
}

/// <summary>
/// An optimizer's per-parameter state, created once, the first time the optimizer steps a
/// parameter, and found again by the parameter's identity on every later step.
/// </summary>
/// <typeparam name="TState">The optimizer's private state record (its moment buffers).</typeparam>
internal sealed class StateTable<TState> : IStateTable
    where TState : class, IParameterState
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

    /// <inheritdoc/>
    public SavedParameterState? Export(Parameter parameter) =>
        _states.TryGetValue(parameter, out TState? state)
            ? new SavedParameterState([.. state.Buffers.Select(b => b.ToArray())], state.Counter)
            : null;

    /// <inheritdoc/>
    public void Import(Parameter parameter, SavedParameterState saved)
    {
        TState state = _create(parameter.Value.Length);
        float[][] buffers = state.Buffers;
        if (saved.Buffers.Length != buffers.Length)
        {
            throw new InvalidDataException(
                $"The saved state of parameter '{parameter.Name}' has {saved.Buffers.Length} buffers; this optimizer keeps {buffers.Length}.");
        }

        for (int i = 0; i < buffers.Length; i++)
        {
            if (saved.Buffers[i].Length != buffers[i].Length)
            {
                throw new InvalidDataException(
                    $"Buffer {i} of parameter '{parameter.Name}''s saved state has {saved.Buffers[i].Length} values; this optimizer's has {buffers[i].Length} "
                    + "(the optimizer's settings differ from the ones that saved it).");
            }

            saved.Buffers[i].CopyTo(buffers[i], 0);
        }

        state.Counter = saved.Counter;
        _states[parameter] = state;
    }
}
