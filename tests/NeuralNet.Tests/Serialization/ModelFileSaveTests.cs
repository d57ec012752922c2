using System.Collections.Concurrent;
using System.Runtime.Versioning;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Serialization;

/// <summary>Saving replaces a file atomically, concurrently, through links, keeping its mode, and never with bad weights.</summary>
public sealed class ModelFileSaveTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnet-save-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential NewModel(int seed) => new(new Dense(8, 16, seed: seed), new ReLU(), new Dense(16, 4, seed: seed + 1), new Softmax());

    private static float FirstWeight(Sequential model) => model.Parameters[0].Value[0];

    private string[] TemporaryFiles() => Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories);

    [Fact]
    public void Save_ThreadsHammeringOnePath_AllSucceedAndEveryReadLoadsAWholeModel()
    {
        string path = Path.Combine(_directory, "model.nnet");
        Sequential[] models = [NewModel(1), NewModel(10), NewModel(20), NewModel(30)];
        float[] known = [.. models.Select(FirstWeight)];
        models[0].Save(path);
        const int SavesPerThread = 20;
        int reads = 0;
        var saveErrors = new ConcurrentQueue<Exception>();
        Thread[] savers = [.. Enumerable.Range(1, 3).Select(t => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < SavesPerThread; i++)
                {
                    models[t].Save(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                saveErrors.Enqueue(e);
            }
        }))];
        foreach (Thread saver in savers)
        {
            saver.Start();
        }

        var failures = new List<string>();
        // At least a few reads even when a descheduled reader finds the savers done already.
        while (savers.Any(s => s.IsAlive) || reads < 5)
        {
            try
            {
                float first = FirstWeight(ModelFile.Load(path));
                if (!known.Contains(first))
                {
                    failures.Add($"read {reads} loaded a model that nobody saved");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                failures.Add($"read {reads}: {e.GetType().Name}: {e.Message}");
            }

            reads++;
        }

        output.WriteLine($"{3 * SavesPerThread} saves from 3 threads, {reads} reads, {failures.Count} failed reads, {saveErrors.Count} failed saves");
        saveErrors.Should().BeEmpty();
        failures.Should().BeEmpty();
        reads.Should().BePositive();
        TemporaryFiles().Should().BeEmpty("each save renames or removes its own temporary file");
        known.Should().Contain(FirstWeight(ModelFile.Load(path)));
    }

    [UnixFact]
    [UnsupportedOSPlatform("windows")]
    public void Save_OverAFileWithItsOwnMode_KeepsTheMode()
    {
        string path = Path.Combine(_directory, "model.nnet");
        NewModel(1).Save(path);
        foreach (UnixFileMode mode in new[]
                 {
                     UnixFileMode.UserRead | UnixFileMode.UserWrite,
                     UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherWrite,
                 })
        {
            File.SetUnixFileMode(path, mode);

            NewModel(5).Save(path);

            File.GetUnixFileMode(path).Should().Be(mode);
            FirstWeight(ModelFile.Load(path)).Should().Be(FirstWeight(NewModel(5)), "the file was replaced");
        }
    }

    [UnixFact]
    public void Save_ThroughASymbolicLink_ReplacesItsTargetAndKeepsTheLink()
    {
        string real = Directory.CreateDirectory(Path.Combine(_directory, "real")).FullName;
        string target = Path.Combine(real, "model.nnet");
        string link = Path.Combine(_directory, "link.nnet");
        NewModel(1).Save(target);
        File.CreateSymbolicLink(link, Path.Combine("real", "model.nnet"));

        NewModel(7).Save(link);

        new FileInfo(link).LinkTarget.Should().Be(Path.Combine("real", "model.nnet"), "the link stays a link");
        FirstWeight(ModelFile.Load(target)).Should().Be(FirstWeight(NewModel(7)));
        Directory.GetFiles(_directory).Should().Equal(link);
        Directory.GetFiles(real).Should().Equal(target);
    }

    [Fact]
    public void Save_WhenTheRenameFails_LeavesNoTemporaryFile()
    {
        string path = Directory.CreateDirectory(Path.Combine(_directory, "model.nnet")).FullName;

        Action save = () => NewModel(1).Save(path);

        save.Should().Throw<Exception>().Which.Should().Match<Exception>(e => e is IOException || e is UnauthorizedAccessException);
        TemporaryFiles().Should().BeEmpty();
        Directory.Exists(path).Should().BeTrue();
    }

    [Theory]
    [InlineData(0, 7, float.NaN, "weight")]
    [InlineData(2, 3, float.PositiveInfinity, "bias")]
    public void Save_NonFiniteValue_ThrowsNamingIt_AndKeepsTheGoodFile(int layer, int index, float value, string parameter)
    {
        string path = Path.Combine(_directory, "model.nnet");
        NewModel(1).Save(path);
        byte[] good = File.ReadAllBytes(path);
        Sequential diverged = NewModel(2);
        var dense = (Dense)diverged.Layers[layer];
        (parameter == "weight" ? dense.Weight : dense.Bias).Value[index] = value;

        Action save = () => diverged.Save(path);

        save.Should().Throw<InvalidOperationException>().WithMessage($"Layer {layer} *'{parameter}'*{value}*index {index}*");
        File.ReadAllBytes(path).Should().Equal(good);
        TemporaryFiles().Should().BeEmpty();
        using var stream = new MemoryStream();
        Action write = () => ModelFile.Write(diverged, stream);
        write.Should().Throw<InvalidOperationException>();
        stream.Length.Should().Be(0, "a refused model writes nothing");
    }

    [Fact]
    public void Save_BesideStaleTemporaryFilesFromCrashedSaves_IgnoresThem()
    {
        string path = Path.Combine(_directory, "model.nnet");
        string[] stale = [Path.Combine(_directory, ".model.nnet.0123456789abcdef.tmp"), path + ".4242.tmp"];
        foreach (string file in stale)
        {
            File.WriteAllText(file, "half a model");
        }

        NewModel(3).Save(path);

        FirstWeight(ModelFile.Load(path)).Should().Be(FirstWeight(NewModel(3)));
        stale.Should().AllSatisfy(file => File.ReadAllText(file).Should().Be("half a model"));
    }
}
