using Microsoft.ML.OnnxRuntime;
using NeuralNet.Layers;
using NeuralNet.Tensors;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Xunit.Sdk;

namespace NeuralNet.Onnx.Tests.Support;

/// <summary>An exported model loaded in ONNX Runtime, run on the library's tensors.</summary>
internal sealed class OnnxRuntimeModel : IDisposable
{
    private readonly InferenceSession _session;

    private OnnxRuntimeModel(InferenceSession session) => _session = session;

    /// <summary>The session, for its metadata.</summary>
    public InferenceSession Session => _session;

    /// <summary>Exports <paramref name="model"/> and loads the bytes; a model ONNX Runtime refuses fails the test with its message.</summary>
    public static OnnxRuntimeModel Export(Sequential model, string description)
    {
        using var bytes = new MemoryStream();
        model.ExportOnnx(bytes);
        return Load(bytes.ToArray(), description);
    }

    /// <summary>Loads ONNX bytes; a model ONNX Runtime refuses fails the test with its message.</summary>
    public static OnnxRuntimeModel Load(byte[] onnx, string description)
    {
        // One thread: the machine is shared, and the comparison does not depend on ORT's threading.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            return new OnnxRuntimeModel(new InferenceSession(onnx, options));
        }
        catch (OnnxRuntimeException e)
        {
            throw new XunitException($"ONNX Runtime refused the exported model '{description}': {e.Message}");
        }
    }

    /// <summary>Runs the model on a batch and returns each output by name: its values (as double) and shape.</summary>
    public Dictionary<string, (double[] Values, long[] Shape)> Run(Tensor input)
    {
        float[] data = input.AsSpan().ToArray();
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, [input.Rows, input.Columns]);
        string[] outputNames = [.. _session.OutputNames];
        using var runOptions = new RunOptions();
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, [OnnxExport.InputName], [value], outputNames);
            var outputs = new Dictionary<string, (double[], long[])>();
            for (int i = 0; i < outputNames.Length; i++)
            {
                OrtValue result = results.ElementAt(i);
                OrtTensorTypeAndShapeInfo info = result.GetTensorTypeAndShape();
                double[] values = info.ElementDataType == TensorElementType.Int64
                    ? [.. result.GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)]
                    : [.. result.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
                outputs.Add(outputNames[i], (values, info.Shape));
            }

            return outputs;
        }
        catch (OnnxRuntimeException e)
        {
            throw new XunitException($"ONNX Runtime could not run the exported model on a [{input.Rows}, {input.Columns}] input: {e.Message}");
        }
    }

    public void Dispose() => _session.Dispose();
}
