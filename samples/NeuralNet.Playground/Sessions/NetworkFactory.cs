using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Playground.Configuration;
using NeuralNet.Playground.Problems;

namespace NeuralNet.Playground.Sessions;

/// <summary>Turns <see cref="PlaygroundSettings"/> into the library's objects: the network, its loss and its optimizer.</summary>
public static class NetworkFactory
{
    /// <summary>
    /// The network: a standardisation fitted on the training points (so the saved model takes raw
    /// coordinates), the hidden layers each followed by the activation and, if asked, dropout, then
    /// the output layer the task needs.
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <param name="train">The training points, for the standardisation.</param>
    /// <returns>The network, its weights seeded from <see cref="PlaygroundSettings.Seed"/>.</returns>
    public static Sequential CreateNetwork(PlaygroundSettings settings, Dataset train)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(train);
        bool regression = settings.Problem == ToyProblem.Regression;
        bool softmax = !regression && settings.Output == OutputKind.Softmax;
        // He initialisation for the rectifier family, Glorot for the saturating ones (their derivations' assumptions).
        WeightInitialization init = settings.Activation is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.GELU or ActivationKind.SiLU
            ? WeightInitialization.He
            : WeightInitialization.Glorot;
        var layers = new List<Layer> { Standardization.Fit(train.Features) };
        int inputs = 2, seed = settings.Seed;
        foreach (int width in settings.HiddenLayers)
        {
            layers.Add(new Dense(inputs, width, init, seed: seed++));
            layers.Add(CreateActivation(settings.Activation));
            if (settings.Dropout > 0)
            {
                layers.Add(new Dropout(settings.Dropout, seed: seed++));
            }

            inputs = width;
        }

        layers.Add(new Dense(inputs, softmax ? 2 : 1, seed: seed));
        layers.Add(regression ? new Identity() : softmax ? new Softmax() : new Sigmoid());
        return new Sequential([.. layers])
        {
            Metadata = new ModelMetadata
            {
                Task = regression ? ModelTask.Regression : softmax ? ModelTask.MultiClassClassification : ModelTask.BinaryClassification,
                FeatureNames = ["x1", "x2"],
                ClassNames = regression ? null : softmax ? ["orange", "blue"] : null,
            },
        };
    }

    /// <summary>The loss that goes with the output: MSE for regression, BCE after a sigmoid, CCE after a softmax.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The loss.</returns>
    public static Loss CreateLoss(PlaygroundSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Problem == ToyProblem.Regression ? new MeanSquaredError()
            : settings.Output == OutputKind.Softmax ? new CategoricalCrossEntropy()
            : new BinaryCrossEntropy();
    }

    /// <summary>The optimizer with the hyperparameters it has (the others are ignored).</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The optimizer.</returns>
    public static Optimizer CreateOptimizer(PlaygroundSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        float lr = settings.LearningRate, wd = settings.WeightDecay;
        return settings.Optimizer switch
        {
            OptimizerKind.Sgd => new Sgd(lr, wd),
            OptimizerKind.Momentum => new Momentum(lr, settings.MomentumFactor, weightDecay: wd),
            OptimizerKind.Nesterov => new Nesterov(lr, settings.MomentumFactor, wd),
            OptimizerKind.Adagrad => new Adagrad(lr, settings.LearningRateDecay, wd, epsilon: settings.Epsilon),
            OptimizerKind.RmsProp => new RmsProp(lr, settings.Alpha, settings.Epsilon, wd, settings.RmsPropMomentum, settings.Centered),
            OptimizerKind.Adam => new Adam(lr, settings.Beta1, settings.Beta2, settings.Epsilon, wd, settings.AmsGrad),
            OptimizerKind.AdamW => new AdamW(lr, settings.Beta1, settings.Beta2, settings.Epsilon, wd, settings.AmsGrad),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Optimizer, "Unknown optimizer."),
        };
    }

    private static Layer CreateActivation(ActivationKind kind) => kind switch
    {
        ActivationKind.Tanh => new Tanh(),
        ActivationKind.Sigmoid => new Sigmoid(),
        ActivationKind.ReLU => new ReLU(),
        ActivationKind.LeakyReLU => new LeakyReLU(),
        ActivationKind.ELU => new ELU(),
        ActivationKind.GELU => new GELU(),
        ActivationKind.SiLU => new SiLU(),
        ActivationKind.Softplus => new Softplus(),
        ActivationKind.Identity => new Identity(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}
