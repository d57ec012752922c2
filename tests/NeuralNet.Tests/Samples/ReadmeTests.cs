namespace NeuralNet.Tests.Samples;

/// <summary>The README's code is the quick-start sample, which CI builds: these tests keep them the same.</summary>
public sealed class ReadmeTests
{
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NeuralNet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("NeuralNet.sln not found above the test output folder.");
    }

    [Fact]
    public void Readme_QuickStartCode_IsTheSampleVerbatim()
    {
        string root = RepositoryRoot();
        string program = File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n");
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string sample = program.Split("// README:begin\n")[1].Split("// README:end\n")[0];

        readme.Should().Contain("```csharp\n" + sample + "```");
    }

    [Fact]
    public void Readme_AppCode_IsTheIrisAppSampleWhole()
    {
        string root = RepositoryRoot();
        string program = File.ReadAllText(Path.Combine(root, "samples", "IrisApp", "Program.cs")).ReplaceLineEndings("\n");
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        readme.Should().Contain("## Use it in your app");
        readme.Should().Contain("```csharp\n" + program + "```");
        program.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThan(25, "the issue asks for the whole route in under 25 lines");
    }

    [Fact]
    public void Readme_QuickStart_ValidatesOnDataHeldOutOfTrainingNotOnTheTestSet()
    {
        string program = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n");
        string sample = program.Split("// README:begin\n")[1].Split("// README:end\n")[0];

        // The test split is scored once, at the end; what watches training is split off the training data.
        sample.Should().Contain("var (train, validation) = trainAll.Split(");
        sample.Should().Contain("trainer.Fit(train, validation: validation)");
        sample.Should().NotContain("validation: test");
    }

    [Fact]
    public void Readme_TestCommand_IsWhatCiRuns()
    {
        string root = RepositoryRoot();
        string ci = File.ReadAllText(Path.Combine(root, ".ci", "run"));

        File.ReadAllText(Path.Combine(root, "README.md")).Should().Contain("dotnet test -c Release");
        ci.Should().Contain("\ndotnet test -c Release 2>&1");
    }
}
