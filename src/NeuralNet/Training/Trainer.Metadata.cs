using System.Reflection;
using NeuralNet.Data;
using NeuralNet.Layers;

namespace NeuralNet.Training;

/// <summary>What the trainer writes into the model's <see cref="Sequential.Metadata"/>, so that a saved model says what it is and how it was made.</summary>
public sealed partial class Trainer
{
    private static readonly string s_libraryVersion =
        typeof(Trainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Fills in what the model's metadata does not say yet from the training data and the network:
    /// the class and feature names the dataset carries (from a CSV header and text labels) and the
    /// task kind its output layer implies. What the user already set is kept.
    /// </summary>
    private void DescribeModel(Dataset train)
    {
        ModelMetadata metadata = Model.Metadata;
        int outputs = Model.OutputSize ?? train.TargetCount;
        ModelTask task = metadata.Task != ModelTask.Unspecified ? metadata.Task : Model.OutputLayer switch
        {
            Softmax => ModelTask.MultiClassClassification,
            Sigmoid when outputs == 1 => ModelTask.BinaryClassification,
            Sigmoid => ModelTask.MultiLabelClassification,
            _ => ModelTask.Regression,
        };
        Model.Metadata = metadata with
        {
            Task = task,
            ClassNames = metadata.ClassNames ?? (task == ModelTask.Regression ? null : train.ClassNames),
            FeatureNames = metadata.FeatureNames ?? train.FeatureNames,
        };
    }

    /// <summary>Leaves in the model's metadata how it was trained: now, the epochs so far, the metrics of the weights it holds.</summary>
    private void RecordTraining(int epochs, EpochMetrics metrics)
    {
        var final = new Dictionary<string, double> { ["loss"] = metrics.TrainingLoss };
        void Add(string name, float? value)
        {
            if (value is float v)
            {
                final[name] = v;
            }
        }

        Add("accuracy", metrics.TrainingAccuracy);
        Add("validation_loss", metrics.ValidationLoss);
        Add("validation_accuracy", metrics.ValidationAccuracy);
        Model.Metadata = Model.Metadata with
        {
            Training = new TrainingMetadata { TrainedAt = DateTimeOffset.UtcNow, Epochs = epochs, LibraryVersion = s_libraryVersion, FinalMetrics = final },
        };
    }
}
