using Spectre.Console;

namespace Envelope.Cli.Output;

/// <summary>
/// What the terminal may show: colours on a stream only when that stream is a terminal, never with --json, never when
/// NO_COLOR is set (https://no-color.org) or TERM is dumb; live progress bars only on a standard error that is a
/// terminal. Anything else gets plain lines, so logs and pipes stay clean.
/// </summary>
internal static class Terminal
{
    private static bool ColoursWanted(CliContext context) =>
        context.GetVariable("NO_COLOR") is null && !string.Equals(context.GetVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>True when standard output is a terminal that may be coloured.</summary>
    public static bool ColoursOnOutput(CliContext context, bool json) =>
        !json && context.InheritsProcessStreams && !Console.IsOutputRedirected && ColoursWanted(context);

    /// <summary>True when standard error is a terminal where a progress bar can redraw itself.</summary>
    public static bool LiveOnError(CliContext context, bool json) =>
        !json && context.InheritsProcessStreams && !Console.IsErrorRedirected && !string.Equals(context.GetVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>A Spectre console on standard error, coloured unless NO_COLOR.</summary>
    public static IAnsiConsole ErrorConsole(CliContext context)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Error),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColoursWanted(context) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        // Spectre cannot measure a TextWriter it was handed; the terminal behind standard error can be.
        console.Profile.Width = TerminalWidth();
        return console;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth is > 20 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a progress display on standard error when it is a terminal; the work gets the
    /// display's context to add its own tasks, or null when nothing live may be drawn (then it writes plain lines).
    /// </summary>
    public static async Task<T> WithProgressAsync<T>(CliContext context, bool json, Func<ProgressContext?, Task<T>> work)
    {
        if (!LiveOnError(context, json))
        {
            return await work(null).ConfigureAwait(false);
        }

        return await ErrorConsole(context).Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(work).ConfigureAwait(false);
    }

    /// <summary>
    /// Work whose progress cannot be measured (a PBKDF2 key derivation inside one call): an indeterminate bar on a
    /// terminal, nothing elsewhere.
    /// </summary>
    public static Task<T> WithIndeterminateAsync<T>(CliContext context, bool json, string description, Func<Task<T>> work) =>
        WithProgressAsync(context, json, async progress =>
        {
            var task = progress?.AddTask(Markup.Escape(description)).IsIndeterminate();
            try
            {
                return await work().ConfigureAwait(false);
            }
            finally
            {
                if (task is not null)
                {
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }
            }
        });
}
