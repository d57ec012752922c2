using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace NeuralNet.Interop;

/// <summary>
/// PyTorch weights in and out: reads and writes a network's <c>state_dict</c> in the
/// <c>safetensors</c> format, so that a model trained here can continue in PyTorch and one
/// trained in PyTorch can run here. docs/safetensors.md gives the naming, layout and limits.
/// </summary>
/// <remarks>
/// <para>The network on this side is built first, with the same architecture as the PyTorch
/// <c>nn.Sequential</c>; the file carries only the weights. A layer's index in
/// <see cref="Sequential.Layers"/> is its index in <c>nn.Sequential</c>, and tensors are named
/// <c>&lt;index&gt;.&lt;parameter&gt;</c>: a <see cref="Dense"/> layer is an <c>nn.Linear</c> with
/// <c>weight</c> [outputs, inputs] — the transpose of <see cref="Dense.Weight"/>, which is
/// [inputs, outputs] — and <c>bias</c> [outputs]; activations have no tensors but take an index;
/// a <see cref="Standardization"/> layer has <c>mean</c> and <c>std</c> [features], the buffers of
/// a small PyTorch module that docs/safetensors.md gives (PyTorch has no such layer); a
/// <see cref="BatchNorm"/> layer is an <c>nn.BatchNorm1d</c> with <c>weight</c>, <c>bias</c>,
/// <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c>.
/// All tensors are float32 (<c>F32</c>) but that counter, an <c>I64</c> scalar.</para>
/// <para>Loading treats the file as hostile: lengths, offsets, shapes and dtypes are checked
/// before anything is allocated for them (see docs/safetensors.md), every problem with the file
/// is an <see cref="InvalidDataException"/> that names it, and a load that fails leaves the
/// network unchanged.</para>
/// <example><code>
/// // PyTorch: nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1)),
/// // saved with safetensors.torch.save_file(model.state_dict(), "model.safetensors")
/// var model = new Sequential(new Dense(4, 16), new ReLU(), new Dense(16, 3), new Softmax());
/// model.LoadStateDict("model.safetensors");
/// Tensor probabilities = model.Predict(x);
/// model.SaveStateDict("retrained.safetensors"); // model.load_state_dict(load_file(...)) in PyTorch
/// </code></example>
/// </remarks>
public static class Safetensors
{
    /// <summary>Loads a PyTorch <c>state_dict</c> saved as safetensors into a network of the same architecture.</summary>
    /// <param name="model">The network to fill; its layers must match the file's tensors by name and shape.</param>
    /// <param name="path">The <c>.safetensors</c> file.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not valid safetensors, holds a dtype other than F32, a non-finite value or a
    /// standard deviation ≤ 0, or its tensors differ from the network's: a missing or unexpected
    /// tensor (named), or a shape mismatch (the tensor and both shapes named). The network is unchanged.
    /// </exception>
    /// <exception cref="NotSupportedException">The network has a layer kind with no PyTorch counterpart here.</exception>
    public static void LoadStateDict(this Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: SafetensorsLimits.BufferLength, FileOptions.SequentialScan);
        SafetensorsReader.Load(model, stream);
    }

    /// <summary>Reads a PyTorch <c>state_dict</c> in the safetensors format from a stream into a network of the same architecture.</summary>
    /// <param name="model">The network to fill; its layers must match the file's tensors by name and shape.</param>
    /// <param name="stream">
    /// A readable stream positioned at the start of the file, read to its end, which must be the
    /// file's end; left open. One that can seek has its lengths checked against its length up front.
    /// </param>
    /// <exception cref="InvalidDataException">As for <see cref="LoadStateDict(Sequential, string)"/>; the network is unchanged.</exception>
    /// <exception cref="NotSupportedException">The network has a layer kind with no PyTorch counterpart here.</exception>
    public static void LoadStateDict(this Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        SafetensorsReader.Load(model, stream);
    }

    /// <summary>
    /// Saves the network's weights as a PyTorch <c>state_dict</c> in the safetensors format, which
    /// <c>nn.Sequential.load_state_dict</c> takes; the file is replaced atomically.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.safetensors</c>.</param>
    /// <remarks>
    /// The file holds F32 tensors sorted by name, the header padded with spaces to a multiple of 8
    /// bytes and carrying <c>__metadata__</c> <c>{"format": "pt"}</c>; the same network always gives
    /// the same bytes. It is written under a temporary name and renamed over the target, as
    /// <see cref="ModelFile.Save"/> does: a reader sees the old file or the new one, never a part.
    /// </remarks>
    /// <exception cref="NotSupportedException">The network has a layer kind with no PyTorch counterpart here.</exception>
    /// <exception cref="InvalidOperationException">A parameter holds NaN or ±∞ (named); nothing is written.</exception>
    public static void SaveStateDict(this Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        List<StateTensor> tensors = SafetensorsWriter.Check(model);
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(tensors, stream));
    }

    /// <summary>Writes the network's weights to a stream as a PyTorch <c>state_dict</c> in the safetensors format.</summary>
    /// <param name="model">The network.</param>
    /// <param name="stream">A writable stream; left open. Nothing is written if the network is refused.</param>
    /// <exception cref="NotSupportedException">The network has a layer kind with no PyTorch counterpart here.</exception>
    /// <exception cref="InvalidOperationException">A parameter holds NaN or ±∞ (named); nothing is written.</exception>
    public static void SaveStateDict(this Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        SafetensorsWriter.Write(SafetensorsWriter.Check(model), stream);
    }
}
