using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using NeuralNet.Data;
using NeuralNet.Kernels;
using NeuralNet.Tensors;

namespace NeuralNet.Benchmarks;

/// <summary>
/// The <c>--load</c> mode: how long loading Fashion-MNIST takes, and against what. Each round times
/// the library's route — <see cref="IdxReader"/> on the four IDX <c>.gz</c> files, then
/// <see cref="Dataset.FromLabels(Tensor, ReadOnlySpan{int}, int)"/> (the one-hot targets) — and, in
/// the same process, the raw pieces such a loader cannot avoid: reading the files, bare
/// <see cref="GZipStream"/> decompression into a byte array, the CRC-32 of the decompressed bytes,
/// byte → float conversion, and building the one-hot labels. Prints the median and range over the
/// rounds, and the library's time as a ratio to bare decompression measured in the same rounds.
/// </summary>
/// <remarks>
/// The pieces run round-robin, one of each per round, so that a neighbour's burst on this shared
/// machine slows them alike. The standardisation that <c>--fashion</c> also counts in its load line
/// (<see cref="Standardizer"/> fitted on the training images and applied to both) is timed beside.
/// With <c>--compare OTHER.dll</c> another build's <see cref="IdxReader"/> (say, the commit before a
/// change) runs in the same rounds from its own <c>AssemblyLoadContext</c>, and its images and labels
/// are first checked to be the same floats and integers as this build's.
/// </remarks>
internal static class LoadHarness
{
    private static readonly string[] Files =
    [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ];

    public static int Run(TextWriter output, string directory, int rounds, int threads, string? otherPath = null)
    {
        string[] paths = [.. Files.Select(f => Path.Combine(directory, f))];
        string? missing = paths.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            output.WriteLine($"Fashion-MNIST not found ({missing}): apt-get install -y dataset-fashion-mnist, or pass --data DIR with the four IDX .gz files.");
            return 0;
        }

        Parallelism.MaxDegreeOfParallelism = threads;
        output.WriteLine($"Loading Fashion-MNIST (70 000 images and labels), median of {rounds} rounds after one warm-up, threads {threads}");
        output.WriteLine($"CPU: {MachineInfo.CpuModel}, {Environment.ProcessorCount} logical processors, .NET {Environment.Version}");
        output.WriteLine($"load average at start {MachineInfo.LoadAverage}");

        byte[][] compressed = [.. paths.Select(File.ReadAllBytes)];
        byte[][] decompressed = [.. compressed.Select(Gunzip)];
        long compressedBytes = compressed.Sum(c => (long)c.Length);
        long decompressedBytes = decompressed.Sum(d => (long)d.Length);
        output.WriteLine($"{compressedBytes / 1e6:F1} MB compressed, {decompressedBytes / 1e6:F1} MB decompressed");

        // The pixels of both image files (IDX header of 16 bytes skipped) and the labels of both label files (8).
        byte[][] pixels = [decompressed[0][16..], decompressed[2][16..]];
        int[][] labels = [.. new[] { decompressed[1], decompressed[3] }.Select(l => l[8..].Select(b => (int)b).ToArray())];
        float[][] floats = [.. pixels.Select(p => new float[p.Length])];
        Tensor[] images = [.. pixels.Select(p => new Tensor(p.Length / 784, 784))];
        output.WriteLine($"PCLMULQDQ CRC folding: {Crc32.Folding.IsSupported}; Vector<float>.Count {System.Numerics.Vector<float>.Count}");
        output.WriteLine($"library images are b / 255f bit for bit: {SameAsScalar(paths, pixels)}");

        Action? other = null;
        if (otherPath is not null)
        {
            if (!File.Exists(otherPath))
            {
                output.WriteLine($"--compare expects the path of another build's NeuralNet.dll; '{otherPath}' does not exist.");
                return 2;
            }

            other = OtherBuild(output, otherPath, paths);
        }

        var pieces = new (string Name, Action Run)[]
        {
            ("library: IdxReader, 4 files", () => ReadWithLibrary(paths)),
            ("library: one-hot datasets", () => OneHotDatasets(images, labels)),
            ("standardising (as --fashion)", () => Standardise(images)),
            ("file read (File.ReadAllBytes)", () => { foreach (string p in paths) { File.ReadAllBytes(p); } }),
            ("bare gunzip, memory -> byte[]", () => { foreach (byte[] c in compressed) { Gunzip(c); } }),
            ("bare gunzip, file -> byte[]", () => { foreach (string p in paths) { GunzipFile(p); } }),
            ("CRC-32 (library)", () => { foreach (byte[] d in decompressed) { Crc32.Compute(d); } }),
            ("byte->float, scalar x/255f", () => ScalarConvert(pixels, floats)),
            ("byte->float (library)", () => LibraryConvert(pixels, floats)),
            ("one-hot labels alone", () => OneHot(labels)),
            ("checked gunzip (library) -> byte[]", () => { foreach (string p in paths) { CheckedGunzip(p); } }),
            ("new float[] + byte->float (library)", () => { foreach (byte[] p in pixels) { IdxReader.ScalePixels(p, GC.AllocateUninitializedArray<float>(p.Length)); } }),
        };
        if (other is not null)
        {
            pieces = [.. pieces, ("other build: IdxReader, 4 files", other)];
        }


        double[][] times = [.. pieces.Select(_ => new double[rounds])];
        for (int round = -1; round < rounds; round++)
        {
            for (int p = 0; p < pieces.Length; p++)
            {
                long start = Stopwatch.GetTimestamp();
                pieces[p].Run();
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (round >= 0)
                {
                    times[p][round] = ms;
                }
            }
        }

        output.WriteLine($"{"piece",-32} {"median ms",10} {"min",8} {"max",8} {"MB/s (decompressed)",20}");
        for (int p = 0; p < pieces.Length; p++)
        {
            double[] sorted = [.. times[p].Order()];
            double median = sorted[sorted.Length / 2];
            output.WriteLine(Invariant($"{pieces[p].Name,-32} {median,10:F1} {sorted[0],8:F1} {sorted[^1],8:F1} {decompressedBytes / 1e3 / median,20:F0}"));
        }

        // Ratios of the per-round times, so that drift between rounds cancels.
        output.WriteLine(Invariant($"library IdxReader ÷ bare gunzip from file, same round: median {MedianRatio(times[0], times[5]):F2}"));
        output.WriteLine(Invariant($"library IdxReader + one-hot ÷ bare gunzip from file, same round: median {MedianRatio(Sum(times[0], times[1]), times[5]):F2}"));
        if (other is not null)
        {
            output.WriteLine(Invariant($"this build's IdxReader ÷ the other build's, same round: median {MedianRatio(times[0], times[^1]):F2}"));
            output.WriteLine(Invariant($"other build's IdxReader ÷ bare gunzip from file, same round: median {MedianRatio(times[^1], times[5]):F2}"));
        }

        double[] total = Sum(times[0], times[1]);
        double[] totalSorted = [.. total.Order()];
        output.WriteLine(Invariant($"library load (IdxReader + one-hot datasets): median {totalSorted[rounds / 2]:F1} ms, range {totalSorted[0]:F1}-{totalSorted[^1]:F1} ms"));
        output.WriteLine($"load average at end {MachineInfo.LoadAverage}");
        Parallelism.MaxDegreeOfParallelism = Environment.ProcessorCount;
        return 0;
    }

    /// <summary>Whether this build's images are the old formula's floats, bit for bit.</summary>
    private static bool SameAsScalar(string[] paths, byte[][] pixels)
    {
        Tensor[] read = [IdxReader.ReadImages(paths[0]), IdxReader.ReadImages(paths[2])];
        for (int f = 0; f < read.Length; f++)
        {
            Span<float> values = read[f].AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(values[i]) != BitConverter.SingleToInt32Bits(pixels[f][i] / 255f))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The other build's four reads, after checking that they give this build's floats and labels.
    /// </summary>
    private static Action OtherBuild(TextWriter output, string otherPath, string[] paths)
    {
        System.Reflection.Assembly library = SideBySide.Load(otherPath, "other");
        Type reader = library.Get("NeuralNet.Data.IdxReader");
        System.Reflection.MethodInfo readImages = reader.GetMethod("ReadImages", [typeof(string)])!;
        System.Reflection.MethodInfo readLabels = reader.GetMethod("ReadLabels", [typeof(string)])!;
        System.Reflection.FieldInfo data = library.Get("NeuralNet.Tensors.Tensor").GetField("_data", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        bool same = true;
        foreach (int f in new[] { 0, 2 })
        {
            float[] theirs = (float[])data.GetValue(readImages.Invoke(null, [paths[f]]))!;
            Span<float> mine = IdxReader.ReadImages(paths[f]).AsSpan();
            same &= BitsEqual(mine, theirs.AsSpan(0, mine.Length));
            same &= ((int[])readLabels.Invoke(null, [paths[f + 1]])!).AsSpan().SequenceEqual(IdxReader.ReadLabels(paths[f + 1]));
        }

        output.WriteLine($"other build: {otherPath}; its images and labels are this build's, bit for bit: {same}");
        return () =>
        {
            foreach (int f in new[] { 0, 2 })
            {
                readImages.Invoke(null, [paths[f]]);
                readLabels.Invoke(null, [paths[f + 1]]);
            }
        };
    }

    private static bool BitsEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(a).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b));

    /// <summary>The library's decompression with its CRC and length check, into an array of the trailer's size.</summary>
    private static byte[] CheckedGunzip(string path)
    {
        byte[] trailer = new byte[4];
        using (var file = File.OpenRead(path))
        {
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
        }

        byte[] result = new byte[BinaryPrimitives.ReadInt32LittleEndian(trailer)];
        using Stream stream = DataFile.OpenRead(path);
        stream.ReadExactly(result);
        DataFile.EnsureEnd(stream, path); // reads on to the end, where the trailer is checked
        return result;
    }

    private static void ReadWithLibrary(string[] paths)
    {
        IdxReader.ReadImages(paths[0]);
        IdxReader.ReadLabels(paths[1]);
        IdxReader.ReadImages(paths[2]);
        IdxReader.ReadLabels(paths[3]);
    }

    private static void OneHotDatasets(Tensor[] images, int[][] labels)
    {
        Dataset.FromLabels(images[0], labels[0], 10);
        Dataset.FromLabels(images[1], labels[1], 10);
    }

    private static void Standardise(Tensor[] images)
    {
        var scaler = Standardizer.Fit(images[0]);
        scaler.Transform(images[0]);
        scaler.Transform(images[1]);
    }

    /// <summary>What any gzip loader must do: inflate into an array of the size the trailer records.</summary>
    private static byte[] Gunzip(byte[] compressed)
    {
        byte[] result = new byte[BinaryPrimitives.ReadInt32LittleEndian(compressed.AsSpan(compressed.Length - 4))];
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        gzip.ReadExactly(result);
        return result;
    }

    private static byte[] GunzipFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        byte[] result = new byte[BinaryPrimitives.ReadInt32LittleEndian(trailer)];
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        gzip.ReadExactly(result);
        return result;
    }

    /// <summary>The conversion the reader had before this harness: one division per pixel.</summary>
    private static void ScalarConvert(byte[][] pixels, float[][] floats)
    {
        for (int f = 0; f < pixels.Length; f++)
        {
            byte[] source = pixels[f];
            float[] destination = floats[f];
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i] / 255f;
            }
        }
    }

    private static void LibraryConvert(byte[][] pixels, float[][] floats)
    {
        for (int f = 0; f < pixels.Length; f++)
        {
            IdxReader.ScalePixels(pixels[f], floats[f]);
        }
    }

    private static void OneHot(int[][] labels)
    {
        foreach (int[] l in labels)
        {
            var targets = new Tensor(l.Length, 10);
            for (int i = 0; i < l.Length; i++)
            {
                targets[i, l[i]] = 1f;
            }
        }
    }

    private static double[] Sum(double[] a, double[] b) => [.. a.Zip(b, (x, y) => x + y)];

    private static double MedianRatio(double[] numerator, double[] denominator)
    {
        double[] ratios = [.. numerator.Zip(denominator, (n, d) => n / d).Order()];
        return ratios[ratios.Length / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
