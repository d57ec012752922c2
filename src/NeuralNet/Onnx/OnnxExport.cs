using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tensors;

namespace NeuralNet.Onnx;

/// <summary>
/// Exports a <see cref="Sequential"/> network as a standard ONNX model, to serve it with ONNX
/// Runtime (or any ONNX runtime) in any language. docs/onnx.md describes the exported graph.
/// </summary>
/// <remarks>
/// <para>
/// The model: IR version 8, operator set 17 of the default domain, producer <c>NeuralNet</c> at
/// this library's informational version. One input, <c>input</c>, float32 [batch, features] with
/// a dynamic batch dimension named <c>batch</c>. A regression model has one output, <c>output</c>,
/// float32 [batch, outputs]. A classifier has <c>probabilities</c>, float32 [batch, outputs] (what
/// <see cref="Sequential.Predict(Tensor)"/> returns), and <c>label</c>, int64: [batch], the
/// class <see cref="Sequential.PredictClass(Tensor)"/> chooses (arg-max of a softmax, first
/// on ties; p ≥ 0.5 for one sigmoid output), or for a multi-label model [batch, labels], 1 where
/// p ≥ 0.5. The task comes from <see cref="ModelMetadata.Task"/>, or, when unspecified, from the
/// output layer: softmax — multi-class; one sigmoid output — binary; several — multi-label;
/// anything else — regression. Layers map to Gemm (without C for a Dense layer without a bias),
/// BatchNormalization (inference form, its ε), Sub + Div (the standardization), Relu,
/// Sigmoid, Tanh, Softmax (axis −1), Identity, LeakyRelu and Elu (alpha), Softplus (or, unless
/// β = 1 and the threshold is 20, Mul, Greater, Softplus, Div and Where), Sigmoid + Mul (SiLU) and
/// Div, Erf, Add and Mul (the exact GELU, which opset 17 has no operator for); <c>metadata_props</c> holds <c>task</c> and,
/// when known, <c>class_names</c> and <c>feature_names</c> as JSON arrays of strings.
/// </para>
/// <para>
/// Why extension methods in a namespace of their own rather than members of <see cref="Sequential"/>:
/// ONNX is a format the network is written in, like <c>.nnet</c> (<see cref="ModelFile.Save"/> is
/// an extension too), so its vocabulary stays in this folder and namespace, out of the layers';
/// <c>using NeuralNet.Onnx;</c> brings <c>model.ExportOnnx(path)</c> in.
/// </para>
/// <para>
/// Why our own protobuf writer (<see cref="ProtobufWriter"/>) rather than Google.Protobuf: the core
/// library takes no package dependency — Google.Protobuf would be one, or would push export into a
/// separate package — and export needs only to write ten messages of a fixed schema with four kinds
/// of field, about a hundred lines. Nothing here reads ONNX, so no parser has to face hostile files.
/// </para>
/// <para>
/// The same model gives the same bytes: names, field order and values are all fixed by the
/// network and its metadata (and the library's version), with no timestamps.
/// </para>
/// </remarks>
/// <example><code>
/// using NeuralNet.Onnx;
/// model.ExportOnnx("digits.onnx");
/// // C# serving: new InferenceSession("digits.onnx"), input "input", outputs "probabilities" and "label".
/// </code></example>
public static class OnnxExport
{
    /// <summary>The ONNX IR version written.</summary>
    public const int IrVersion = 8;

    /// <summary>The version of the standard (default-domain) operator set the graph uses.</summary>
    public const int OpsetVersion = 17;

    /// <summary>The name of the graph's input, float32 [batch, features].</summary>
    public const string InputName = "input";

    /// <summary>The name of a classifier's probabilities output, float32 [batch, outputs].</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The name of a regression model's output, float32 [batch, outputs].</summary>
    public const string OutputName = "output";

    /// <summary>The name of a classifier's chosen-class output, int64 [batch] (or [batch, labels] for a multi-label model).</summary>
    public const string LabelName = "label";

    /// <summary>The most weights a file may hold: one protobuf message is at most 2 GiB, and external data is not written.</summary>
    private const long MaxWeights = 500_000_000;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the network as an ONNX model file, replacing the file atomically.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>; a symbolic link is written through.</param>
    /// <remarks>Like <see cref="ModelFile.Save"/>: written under a temporary name, flushed and renamed, so a reader never sees a partial file, and a refused model leaves the old file as it was.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form here, the model has no layer fixing its input width, or it is too large for one file.</exception>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite, or the metadata does not fit the network (a name count, a task the output layer cannot give, a name that is not valid Unicode).</exception>
    public static void ExportOnnx(this Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ProtobufWriter onnx = BuildModel(model);
        AtomicFile.Write(path, onnx.CopyTo);
    }

    /// <summary>Writes the network as an ONNX model to a stream.</summary>
    /// <param name="model">The network.</param>
    /// <param name="stream">A writable stream; left open. Nothing is written if the model is refused.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX form here, the model has no layer fixing its input width, or it is too large for one file.</exception>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite, or the metadata does not fit the network.</exception>
    public static void ExportOnnx(this Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        BuildModel(model).CopyTo(stream);
    }

    /// <summary>The whole ModelProto, built in memory so that a refused model writes nothing.</summary>
    private static ProtobufWriter BuildModel(Sequential model)
    {
        if (model.Layers.Count == 0 || model.InputSize is null || model.OutputSize is null)
        {
            throw new NotSupportedException(
                $"ONNX export needs the model's input and output widths, which a Dense or Standardization layer fixes; {model} has none.");
        }

        CheckWeights(model);
        ModelTask task = ExportedTask(model);
        ProtobufWriter graph = OnnxGraphBuilder.Build(model, task);

        var onnx = new ProtobufWriter();
        onnx.WriteInt64(OnnxProto.Model.IrVersion, IrVersion);
        onnx.WriteString(OnnxProto.Model.ProducerName, "NeuralNet");
        onnx.WriteString(OnnxProto.Model.ProducerVersion, LibraryVersion);
        onnx.WriteMessage(OnnxProto.Model.Graph, graph);
        onnx.WriteMessage(OnnxProto.Model.OpsetImport, OnnxProto.OperatorSet("", OpsetVersion));
        foreach ((string key, string value) in MetadataProperties(model, task))
        {
            onnx.WriteMessage(OnnxProto.Model.MetadataProps, OnnxProto.StringEntry(key, value));
        }

        return onnx;
    }

    private static string LibraryVersion { get; } =
        typeof(Sequential).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";

    /// <summary>Refuses weights that would make every prediction NaN, and a model too large for one protobuf message.</summary>
    private static void CheckWeights(Sequential model)
    {
        long weights = 0;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            Layer layer = model.Layers[i];
            weights += layer is Standardization standardization ? 2L * standardization.Features : 0;
            weights += layer.Buffers.Sum(b => (long)b.Value.Length);
            foreach (Parameter parameter in layer.Parameters)
            {
                ReadOnlySpan<float> values = parameter.Value.AsSpan();
                weights += values.Length;
                int bad = FirstNonFinite(values);
                if (bad >= 0)
                {
                    throw new InvalidOperationException(
                        $"{layer.Name} (layer {i}) has {values[bad]} in {parameter.Name}[{bad}]; a model with NaN or infinite weights is not exported.");
                }
            }
        }

        if (weights > MaxWeights)
        {
            throw new NotSupportedException(
                $"The model has {weights} weights; an ONNX file is one protobuf message, at most 2 GiB, and this exporter writes no external data (at most {MaxWeights} weights).");
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The task the outputs are exported for: the metadata's when it states one that the output
    /// layer can give (a stated regression is always honoured: outputs named <c>output</c>, no label;
    /// a stated multi-label task over one sigmoid output is a single label), else the one the output
    /// layer implies, as the library's class predictions read it.
    /// </summary>
    private static ModelTask ExportedTask(Sequential model)
    {
        int outputs = model.OutputSize!.Value;
        ModelTask implied = model.OutputLayer switch
        {
            Softmax => ModelTask.MultiClassClassification,
            Sigmoid when outputs == 1 => ModelTask.BinaryClassification,
            Sigmoid => ModelTask.MultiLabelClassification,
            _ => ModelTask.Regression,
        };
        ModelTask stated = model.Metadata.Task;
        if (stated is ModelTask.Unspecified or ModelTask.Regression || stated == implied)
        {
            return stated == ModelTask.Regression ? stated : implied;
        }

        if (stated == ModelTask.MultiLabelClassification && implied == ModelTask.BinaryClassification)
        {
            return stated; // one label of a multi-label problem: its label stays a column, [batch, 1]
        }

        throw new InvalidOperationException(
            $"Metadata.Task is {stated}, but the output layer {model.OutputLayer.Name} with {outputs} output{(outputs == 1 ? "" : "s")} " +
            $"makes the model a {implied} model; the exported label would not mean what the metadata says. Correct the task or the output layer.");
    }

    /// <summary>The <c>metadata_props</c> entries, in a fixed order; names checked against the network as <see cref="ModelFile.Save"/> checks them.</summary>
    private static List<(string Key, string Value)> MetadataProperties(Sequential model, ModelTask task)
    {
        ModelMetadata metadata = model.Metadata;
        int inputs = model.InputSize!.Value, outputs = model.OutputSize!.Value;
        // A name list that does not fit the network would label the outputs wrongly without a word.
        if (metadata.ClassNames is { Count: int classCount } && classCount != outputs && !(outputs == 1 && classCount == 2))
        {
            throw new InvalidOperationException(
                $"Metadata.ClassNames has {classCount} names for {outputs} outputs (expected {outputs}{(outputs == 1 ? ", or 2 for one sigmoid output" : "")}).");
        }

        if (metadata.FeatureNames is { Count: int featureCount } && featureCount != inputs)
        {
            throw new InvalidOperationException($"Metadata.FeatureNames has {featureCount} names for {inputs} inputs.");
        }

        var properties = new List<(string, string)> { ("task", task.ToString()) };
        if (metadata.ClassNames is { } classes)
        {
            properties.Add(("class_names", JsonArray(classes, nameof(ModelMetadata.ClassNames))));
        }

        if (metadata.FeatureNames is { } features)
        {
            properties.Add(("feature_names", JsonArray(features, nameof(ModelMetadata.FeatureNames))));
        }

        return properties;
    }

    private static string JsonArray(IReadOnlyList<string> names, string property)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps non-ASCII names readable; the value is JSON, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            for (int i = 0; i < names.Count; i++)
            {
                try
                {
                    s_strictUtf8.GetByteCount(names[i]);
                }
                catch (EncoderFallbackException)
                {
                    throw new InvalidOperationException($"Metadata.{property}[{i}] is not valid Unicode (it holds a lone surrogate); ONNX stores names as UTF-8.");
                }

                json.WriteStringValue(names[i]);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
