using Spectre.Console;

namespace NeuralNet.Samples;

/// <summary>
/// Output for the programs: a Spectre.Console progress bar when attached to a terminal, plain
/// lines otherwise (CI logs, redirected output, tests).
/// </summary>
internal sealed class SampleConsole
{
    private readonly IAnsiConsole? _console;
    private readonly TextWriter _plain;

    private SampleConsole(IAnsiConsole? console, TextWriter plain)
    {
        _console = console;
        _plain = plain;
    }

    /// <summary>A console that shows progress bars when stdout is a terminal.</summary>
    public static SampleConsole ForTerminal() =>
        Console.IsOutputRedirected ? new SampleConsole(null, Console.Out) : new SampleConsole(AnsiConsole.Console, Console.Out);

    /// <summary>A console that writes plain lines to a writer (tests).</summary>
    public static SampleConsole Plain(TextWriter writer) => new(null, writer);

    /// <summary>Writes one line.</summary>
    public void WriteLine(string text)
    {
        if (_console is not null)
        {
            _console.MarkupLineInterpolated($"{text}");
        }
        else
        {
            _plain.WriteLine(text);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar of <paramref name="total"/> units titled
    /// <paramref name="title"/>; the work calls the given callback with units completed so far and a status text.
    /// Without a terminal it prints a line at about every 10 %.
    /// </summary>
    public T Progress<T>(string title, int total, Func<Action<int, string>, T> work)
    {
        if (_console is null)
        {
            int lastDecile = -1;
            return work((done, status) =>
            {
                int decile = total == 0 ? 10 : done * 10 / total;
                if (decile != lastDecile)
                {
                    lastDecile = decile;
                    _plain.WriteLine($"{title}: {done}/{total} {status}");
                }
            });
        }

        T result = default!;
        _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                result = work((done, status) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape($"{title} {status}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}
