using NeuralNet.Layers;

namespace NeuralNet.Onnx;

/// <summary>
/// Builds the GraphProto of a network: each layer as one or two standard operators, its values as
/// initializers named after its position (<c>layer0.weight</c>), then the label head of a classifier.
/// </summary>
/// <remarks>
/// Each operator is chosen to compute what the library's layer computes, in the same float32
/// arithmetic where the order of operations is ours to choose (the standardization's division);
/// where it is not (the sums inside a matrix product, <c>exp</c>), ONNX Runtime's kernels differ
/// from ours by a few units in the last place, which the tests bound.
/// </remarks>
internal sealed class OnnxGraphBuilder
{
    private readonly ProtobufWriter _nodes = new();
    private readonly ProtobufWriter _initializers = new();

    private OnnxGraphBuilder()
    {
    }

    /// <summary>The GraphProto of <paramref name="model"/>, read as <paramref name="task"/> says.</summary>
    /// <param name="model">The network; it has a known input and output width.</param>
    /// <param name="task">The task deciding the outputs: <c>output</c> for a regression, else <c>probabilities</c> and <c>label</c>.</param>
    /// <exception cref="NotSupportedException">A layer has no ONNX form here.</exception>
    public static ProtobufWriter Build(Sequential model, ModelTask task)
    {
        int inputs = model.InputSize!.Value, outputs = model.OutputSize!.Value;
        string result = task == ModelTask.Regression ? OnnxExport.OutputName : OnnxExport.ProbabilitiesName;
        var builder = new OnnxGraphBuilder();
        string value = OnnxExport.InputName;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            string output = i == model.Layers.Count - 1 ? result : $"layer{i}.output";
            builder.AddLayer(model.Layers[i], i, value, output);
            value = output;
        }

        var graphOutputs = new List<ProtobufWriter>
        {
            OnnxProto.TensorValueInfo(result, OnnxProto.DataType.Float, OnnxDimension.Batch, new OnnxDimension(outputs)),
        };
        if (task != ModelTask.Regression)
        {
            OnnxDimension[] labelShape = builder.AddLabel(task, result, outputs);
            graphOutputs.Add(OnnxProto.TensorValueInfo(OnnxExport.LabelName, OnnxProto.DataType.Int64, labelShape));
        }

        var graph = new ProtobufWriter();
        graph.WriteFields(builder._nodes);
        graph.WriteString(OnnxProto.Graph.Name, "NeuralNet");
        graph.WriteFields(builder._initializers);
        graph.WriteString(OnnxProto.Graph.DocString, model.ToString());
        graph.WriteMessage(
            OnnxProto.Graph.Input,
            OnnxProto.TensorValueInfo(OnnxExport.InputName, OnnxProto.DataType.Float, OnnxDimension.Batch, new OnnxDimension(inputs)));
        foreach (ProtobufWriter output in graphOutputs)
        {
            graph.WriteMessage(OnnxProto.Graph.Output, output);
        }

        return graph;
    }

    /// <summary>The nodes and initializers of one layer, reading <paramref name="input"/> and writing <paramref name="output"/>.</summary>
    private void AddLayer(Layer layer, int index, string input, string output)
    {
        string prefix = $"layer{index}";
        switch (layer)
        {
            case Dense dense:
                // W is stored [inputs, outputs], which is Gemm's B as it is (transB = 0): y = x·W + b,
                // the bias broadcast over the rows. Gemm's alpha and beta keep their default, 1.
                // A layer without a bias leaves out Gemm's optional C.
                AddFloatInitializer($"{prefix}.weight", [dense.Inputs, dense.Outputs], dense.Weight.Value.AsSpan());
                if (dense.HasBias)
                {
                    AddFloatInitializer($"{prefix}.bias", [dense.Outputs], dense.Bias.Value.AsSpan());
                    AddNode("Gemm", $"{prefix}.gemm", [input, $"{prefix}.weight", $"{prefix}.bias"], output);
                }
                else
                {
                    AddNode("Gemm", $"{prefix}.gemm", [input, $"{prefix}.weight"], output);
                }

                break;
            case Standardization standardization:
                // (x − μ) / σ with a true division, as the layer computes it: multiplying by a
                // stored 1/σ would round differently.
                AddFloatInitializer($"{prefix}.mean", [standardization.Features], standardization.MeanValues);
                AddFloatInitializer($"{prefix}.std", [standardization.Features], standardization.DeviationValues);
                AddNode("Sub", $"{prefix}.sub", [input, $"{prefix}.mean"], $"{prefix}.centered");
                AddNode("Div", $"{prefix}.div", [$"{prefix}.centered", $"{prefix}.std"], output);
                break;
            case BatchNorm norm:
                // Inference form: y = γ·(x − running mean)/√(running variance + ε) + β over the
                // feature axis (axis 1 of [batch, features]).
                AddFloatInitializer($"{prefix}.weight", [norm.Features], norm.Gamma.Value.AsSpan());
                AddFloatInitializer($"{prefix}.bias", [norm.Features], norm.Beta.Value.AsSpan());
                AddFloatInitializer($"{prefix}.running_mean", [norm.Features], norm.RunningMean.AsSpan());
                AddFloatInitializer($"{prefix}.running_var", [norm.Features], norm.RunningVariance.AsSpan());
                AddNode(
                    "BatchNormalization", $"{prefix}.batch_norm",
                    [input, $"{prefix}.weight", $"{prefix}.bias", $"{prefix}.running_mean", $"{prefix}.running_var"], output,
                    [("epsilon", norm.Epsilon)]);
                break;
            case ReLU:
                AddNode("Relu", $"{prefix}.relu", [input], output);
                break;
            case Sigmoid:
                AddNode("Sigmoid", $"{prefix}.sigmoid", [input], output);
                break;
            case Tanh:
                AddNode("Tanh", $"{prefix}.tanh", [input], output);
                break;
            case Softmax:
                AddNode("Softmax", $"{prefix}.softmax", [input], output, ("axis", -1));
                break;
            case LeakyReLU leaky:
                AddNode("LeakyRelu", $"{prefix}.leaky_relu", [input], output, [("alpha", leaky.NegativeSlope)]);
                break;
            case ELU elu:
                AddNode("Elu", $"{prefix}.elu", [input], output, [("alpha", elu.Alpha)]);
                break;
            case GELU:
                // Opset 17 has no Gelu operator (it came in 20): ½·x·(1 + erf(x/√2)) from its parts,
                // the exact form the layer computes.
                AddFloatInitializer($"{prefix}.sqrt2", [], [MathF.Sqrt(2f)]);
                AddFloatInitializer($"{prefix}.one", [], [1f]);
                AddFloatInitializer($"{prefix}.half", [], [0.5f]);
                AddNode("Div", $"{prefix}.div", [input, $"{prefix}.sqrt2"], $"{prefix}.scaled");
                AddNode("Erf", $"{prefix}.erf", [$"{prefix}.scaled"], $"{prefix}.erf_value");
                AddNode("Add", $"{prefix}.add", [$"{prefix}.erf_value", $"{prefix}.one"], $"{prefix}.one_plus_erf");
                AddNode("Mul", $"{prefix}.mul", [input, $"{prefix}.one_plus_erf"], $"{prefix}.product");
                AddNode("Mul", $"{prefix}.half_mul", [$"{prefix}.product", $"{prefix}.half"], output);
                break;
            case SiLU:
                AddNode("Sigmoid", $"{prefix}.sigmoid", [input], $"{prefix}.sigmoid_value");
                AddNode("Mul", $"{prefix}.mul", [input, $"{prefix}.sigmoid_value"], output);
                break;
            case Softplus softplus:
                AddSoftplus(softplus, prefix, input, output);
                break;
            case Dropout:
                // An exported model serves predictions: dropout is the identity in inference.
                AddNode("Identity", $"{prefix}.dropout", [input], output);
                break;
            case Identity:
                // Kept rather than dropped: the graph then has one node per activation, and a
                // regression's last value gets its name from a node of its own.
                AddNode("Identity", $"{prefix}.identity", [input], output);
                break;
            default:
                throw new NotSupportedException(
                    $"ONNX export does not know the layer {layer.Name} ({layer.GetType().FullName}) at position {index}; " +
                    "it exports Dense, Standardization, BatchNorm, ReLU, Sigmoid, Tanh, Softmax, Identity, LeakyReLU, ELU, GELU, SiLU, Softplus and Dropout layers.");
        }
    }

    /// <summary>
    /// ONNX's Softplus is log(exp(x) + 1) with neither β nor a threshold. With β = 1 and the default
    /// threshold 20 it is the layer itself (above 20 the two differ by less than e^−20, below float32's
    /// resolution of x); otherwise the layer is built from its parts:
    /// Where(β·x &gt; t, x, Softplus(β·x) / β).
    /// </summary>
    private void AddSoftplus(Softplus softplus, string prefix, string input, string output)
    {
        if (softplus.Beta == 1f && softplus.Threshold == Softplus.DefaultThreshold)
        {
            AddNode("Softplus", $"{prefix}.softplus", [input], output);
            return;
        }

        AddFloatInitializer($"{prefix}.beta", [], [softplus.Beta]);
        AddFloatInitializer($"{prefix}.threshold", [], [softplus.Threshold]);
        AddNode("Mul", $"{prefix}.mul", [input, $"{prefix}.beta"], $"{prefix}.scaled");
        AddNode("Greater", $"{prefix}.greater", [$"{prefix}.scaled", $"{prefix}.threshold"], $"{prefix}.linear");
        AddNode("Softplus", $"{prefix}.softplus", [$"{prefix}.scaled"], $"{prefix}.softplus_value");
        AddNode("Div", $"{prefix}.div", [$"{prefix}.softplus_value", $"{prefix}.beta"], $"{prefix}.smooth");
        AddNode("Where", $"{prefix}.where", [$"{prefix}.linear", input, $"{prefix}.smooth"], output);
    }

    /// <summary>
    /// The <c>label</c> output, deciding as the library does: the arg-max (first on ties) of a
    /// softmax, as <see cref="Sequential.PredictClass(ReadOnlySpan{float})"/>; p ≥ 0.5 for one
    /// sigmoid output, as PredictClass too; p ≥ 0.5 per column for several sigmoid outputs, as
    /// <c>Accuracy</c> decides each label.
    /// </summary>
    /// <returns>The label's shape.</returns>
    private OnnxDimension[] AddLabel(ModelTask task, string probabilities, int outputs)
    {
        if (task == ModelTask.MultiClassClassification)
        {
            // ArgMax's select_last_index keeps its default 0: the first of equal maxima wins.
            AddNode("ArgMax", "label.argmax", [probabilities], OnnxExport.LabelName, ("axis", 1), ("keepdims", 0));
            return [OnnxDimension.Batch];
        }

        bool binary = task == ModelTask.BinaryClassification;
        AddFloatInitializer("label.threshold", [], [0.5f]);
        AddNode("GreaterOrEqual", "label.compare", [probabilities, "label.threshold"], "label.chosen");
        AddNode("Cast", "label.cast", ["label.chosen"], binary ? "label.column" : OnnxExport.LabelName, ("to", OnnxProto.DataType.Int64));
        if (!binary)
        {
            return [OnnxDimension.Batch, new OnnxDimension(outputs)];
        }

        // One class index per row, as for a softmax: the [rows, 1] column squeezed to [rows].
        AddInt64Initializer("label.axes", [1], [1]);
        AddNode("Squeeze", "label.squeeze", ["label.column", "label.axes"], OnnxExport.LabelName);
        return [OnnxDimension.Batch];
    }

    private void AddNode(string opType, string name, string[] inputs, string output, params (string Name, long Value)[] attributes) =>
        _nodes.WriteMessage(OnnxProto.Graph.Node, OnnxProto.NodeMessage(opType, name, inputs, output, attributes));

    private void AddNode(string opType, string name, string[] inputs, string output, (string Name, float Value)[] floatAttributes) =>
        _nodes.WriteMessage(OnnxProto.Graph.Node, OnnxProto.NodeMessage(opType, name, inputs, output, floatAttributes));

    private void AddFloatInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values) =>
        _initializers.WriteMessage(OnnxProto.Graph.Initializer, OnnxProto.FloatTensor(name, dims, values));

    private void AddInt64Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values) =>
        _initializers.WriteMessage(OnnxProto.Graph.Initializer, OnnxProto.Int64Tensor(name, dims, values));
}
