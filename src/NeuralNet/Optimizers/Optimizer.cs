using NeuralNet.Tensors;

namespace NeuralNet.Optimizers;

/// <summary>
/// Updates parameters from their gradients. The base class holds the bookkeeping — the learning
/// rate, the step count, validation — and each optimizer supplies one update written as its formula.
/// </summary>
/// <remarks>
/// An optimizer works on any parameters, not only a network's: a <see cref="Parameter"/> holding
/// the point [x, y] of a test function is stepped the same way as a weight matrix. Each optimizer
/// keeps its per-parameter state (moment buffers) in a private record created the first time it
/// steps that parameter.
/// </remarks>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, ParameterGroup> _groups = new(ReferenceEqualityComparer.Instance);
    private IStateTable? _states;
    private float _learningRate;
    private float _weightDecay;

    /// <summary>Validates and stores the hyperparameters every optimizer has.</summary>
    /// <param name="learningRate">The step size, finite and &gt; 0.</param>
    /// <param name="weightDecay">The L2 penalty coefficient (decoupled for AdamW), finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names the constructor parameter.</exception>
    protected Optimizer(float learningRate, float weightDecay)
    {
        _learningRate = RequirePositive(learningRate, nameof(learningRate));
        _weightDecay = RequireNonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>
    /// The step size. The one hyperparameter that may change during training, for schedules.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and &gt; 0.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0f && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "LearningRate must be finite and greater than 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>
    /// The momentum a one-cycle schedule moves (<see cref="Schedules.OneCycleLR"/>, as PyTorch's
    /// <c>cycle_momentum</c>): SGD's μ or Adam's β₁; <see langword="null"/> for an optimizer without one.
    /// </summary>
    internal virtual string? CycledMomentumName => null;

    /// <summary>Sets the momentum <see cref="CycledMomentumName"/> names; only called when it is not null.</summary>
    internal virtual void SetCycledMomentum(float value) => throw new NotSupportedException($"{GetType().Name} has no momentum to cycle.");

    /// <summary>
    /// Sets the learning rate from a schedule (<c>NeuralNet.Schedules</c>), which may reach 0 — a
    /// cosine annealed to <c>etaMin</c> = 0, a linear decay to <c>endFactor</c> = 0 — as PyTorch's
    /// schedulers do; a step with rate 0 leaves the parameters unchanged. A user setting
    /// <see cref="LearningRate"/> still needs a rate &gt; 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and ≥ 0.</exception>
    internal void SetScheduledLearningRate(float value) =>
        _learningRate = value >= 0f && float.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A scheduled learning rate must be finite and at least 0.");

    /// <summary>The weight-decay coefficient (0 for none); during a grouped parameter's update, its group's.</summary>
    public float WeightDecay => _weightDecay;

    /// <summary>
    /// Puts parameters in a group with its own learning rate and/or weight decay, as PyTorch's
    /// parameter groups: for example no weight decay on biases, a smaller rate for the first layers,
    /// or a rate of 0 to freeze them. What a group does not set comes from the optimizer; state
    /// (moments, step counts) stays per parameter. Setting a parameter's group again moves it.
    /// </summary>
    /// <remarks>
    /// While a grouped parameter is updated, <see cref="LearningRate"/> and <see cref="WeightDecay"/>
    /// read the group's values, so each rule's formula applies unchanged. A learning-rate schedule
    /// drives the optimizer's own rate, which parameters outside any group (or in a group without a
    /// rate) follow; a group's own rate stays as set.
    /// </remarks>
    /// <param name="parameters">The group's parameters.</param>
    /// <param name="learningRate">The group's rate, finite and ≥ 0 (0 freezes it), or <see langword="null"/> for the optimizer's.</param>
    /// <param name="weightDecay">The group's weight decay, finite and ≥ 0, or <see langword="null"/> for the optimizer's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void SetGroup(IEnumerable<Parameter> parameters, float? learningRate = null, float? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var group = new ParameterGroup(
            learningRate is float lr ? RequireNonNegative(lr, nameof(learningRate)) : null,
            weightDecay is float wd ? RequireNonNegative(wd, nameof(weightDecay)) : null);
        foreach (Parameter parameter in parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            _groups[parameter] = group;
        }
    }

    /// <summary>A parameter group's overrides.</summary>
    private sealed record ParameterGroup(float? LearningRate, float? WeightDecay);

    /// <summary>
    /// Whether to climb the objective instead of descending it (PyTorch's <c>maximize</c>): each step
    /// uses −∇θ in place of ∇θ, everywhere the rule reads the gradient; the gradients themselves are
    /// left as they were. <see langword="false"/> by default.
    /// </summary>
    public bool Maximize { get; init; }

    /// <summary>The number of steps taken; the first step is step 1.</summary>
    public int StepCount { get; internal set; }

    /// <summary>
    /// Whether the plain element-by-element loops run instead of the fast kernels: the tests compare
    /// the two bit for bit.
    /// </summary>
    internal bool UseReferenceLoops { get; init; }

    /// <summary>Takes one step on every parameter from its current gradient.</summary>
    /// <param name="parameters">The parameters; each one's state is created the first time it is seen.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">An element of <paramref name="parameters"/> is null.</exception>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null)
            {
                throw new ArgumentException($"parameters[{i}] is null.", nameof(parameters));
            }
        }

        StepCount++;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (_groups.TryGetValue(parameters[i], out ParameterGroup? group))
            {
                // The rule reads LearningRate and WeightDecay: they are the group's during its parameters' update.
                (float rate, float decay) = (_learningRate, _weightDecay);
                (_learningRate, _weightDecay) = (group.LearningRate ?? rate, group.WeightDecay ?? decay);
                try
                {
                    UpdateOne(parameters[i]);
                }
                finally
                {
                    (_learningRate, _weightDecay) = (rate, decay);
                }
            }
            else
            {
                UpdateOne(parameters[i]);
            }
        }
    }

    /// <summary>
    /// Forgets every parameter's state (moment buffers, accumulators, per-parameter step counts), as
    /// if the optimizer had just been created; the hyperparameters, the learning rate and
    /// <see cref="StepCount"/> are kept. The trainer calls it after restoring weights from a
    /// divergence, so that buffers grown during the divergence do not carry into the next step.
    /// </summary>
    internal void ResetState()
    {
        _states?.Clear();
    }

    /// <summary>
    /// Copies out the state of each parameter, in order: <see langword="null"/> for a parameter the
    /// optimizer has not stepped (or one without state: plain SGD keeps none). For checkpoints.
    /// </summary>
    internal SavedParameterState?[] ExportState(IReadOnlyList<Parameter> parameters) =>
        [.. parameters.Select(p => _states?.Export(p))];

    /// <summary>
    /// Replaces the state of each parameter with a saved one (a parameter saved as
    /// <see langword="null"/> starts afresh on its next step). For checkpoints.
    /// </summary>
    /// <exception cref="InvalidDataException">A saved state does not have the shape this optimizer's has.</exception>
    internal void ImportState(IReadOnlyList<Parameter> parameters, IReadOnlyList<SavedParameterState?> states)
    {
        ResetState();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (states[i] is not { } saved)
            {
                continue;
            }

            if (_states is null)
            {
                throw new InvalidDataException($"The saved optimizer state has buffers for parameter '{parameters[i].Name}'; {GetType().Name} keeps none.");
            }

            _states.Import(parameters[i], saved);
        }
    }

    /// <summary>Registers the optimizer's one state table, for resets and checkpoints; the table's constructor calls this.</summary>
    internal void Track(IStateTable table) =>
        _states = _states is null ? table : throw new InvalidOperationException($"{GetType().Name} registered a second state table.");

    /// <summary>
    /// Updates one parameter in place from its gradient (which is left unchanged). A rule that
    /// counts steps (Adam's bias correction, Adagrad's decay) counts them per parameter, from the
    /// first step that parameter took, as <c>torch.optim</c> does.
    /// </summary>
    /// <param name="parameter">The parameter, its gradient filled in.</param>
    protected abstract void Update(Parameter parameter);

    /// <summary>One parameter's update, on −∇θ when maximizing.</summary>
    private void UpdateOne(Parameter parameter)
    {
        if (Maximize)
        {
            // The rule sees −∇θ; negating twice restores the gradient exactly (a sign flip is exact).
            Negate(parameter.Gradient.AsSpan());
            Update(parameter);
            Negate(parameter.Gradient.AsSpan());
        }
        else
        {
            Update(parameter);
        }
    }

    private static void Negate(Span<float> values)
    {
        foreach (ref float value in values)
        {
            value = -value;
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    /// <param name="value">The hyperparameter.</param>
    /// <param name="name">The constructor parameter's name, for the exception.</param>
    /// <returns>The value.</returns>
    protected static float RequireNonNegative(float value, string name)
    {
        if (!(value >= 0f && float.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0.");
        }

        return value;
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1.</summary>
    /// <param name="value">The hyperparameter (a momentum or decay rate).</param>
    /// <param name="name">The constructor parameter's name, for the exception.</param>
    /// <returns>The value.</returns>
    protected static float RequireUnitInterval(float value, string name)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    /// <param name="value">The hyperparameter (a learning rate or an epsilon).</param>
    /// <param name="name">The constructor parameter's name, for the exception.</param>
    /// <returns>The value.</returns>
    protected static float RequirePositive(float value, string name)
    {
        if (!(value > 0f && float.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and greater than 0.");
        }

        return value;
    }
}
