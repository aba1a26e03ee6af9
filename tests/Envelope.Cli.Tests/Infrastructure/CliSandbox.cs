namespace Envelope.Cli.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the CLI in-process with its own home, config directory and working directory, so that no test reads or
/// writes the real user's credentials.
/// </summary>
public sealed class CliSandbox : IDisposable
{
    public CliSandbox(Uri? server)
    {
        Root = Path.Combine(Path.GetTempPath(), "envelope_cli_home_" + Guid.NewGuid().ToString("N")[..12]);
        Home = Path.Combine(Root, "home");
        WorkingDirectory = Path.Combine(Root, "work");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(WorkingDirectory);
        Environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["ENVELOPE_RETRIES"] = "0",
        };
        if (server is not null)
        {
            Environment["ENVELOPE_SERVER"] = server.ToString();
        }
    }

    public string Root { get; }

    public string Home { get; }

    public string WorkingDirectory { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>Runs inside set/unset between their read and their write, to simulate a concurrent change.</summary>
    public Func<CancellationToken, Task>? BeforeWrite { get; set; }

    /// <summary>Called with each line written to standard error while the command runs (the URL of a browser login).</summary>
    public Action<string>? OnErrorLine { get; set; }

    /// <summary>How long a telemetry event may take; null for the CLI's own limit. The shared test machine can be slow.</summary>
    public TimeSpan? TelemetryTimeout { get; set; }

    public string CredentialsPath => Path.Combine(Home, ".config", "envelope", "credentials.json");

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new LineWatchingWriter(OnErrorLine);
        var context = new CliContext
        {
            In = stdin,
            Out = stdout,
            Error = stderr,
            Environment = new Dictionary<string, string>(Environment),
            WorkingDirectory = WorkingDirectory,
            BeforeWrite = BeforeWrite,
            TelemetryTimeout = TelemetryTimeout ?? CliContext.DefaultTelemetryTimeout,
        };
        var exitCode = await CliApp.RunAsync(args, context).WaitAsync(TimeSpan.FromSeconds(60));
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void WriteFile(string name, string content) => File.WriteAllText(Path.Combine(WorkingDirectory, name), content);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A StringWriter that also hands each line to a callback as it is written. Only WriteLine(string) is caught: StringWriter's
/// WriteLineAsync(string) calls it, so catching both would report every line twice.
/// </summary>
internal sealed class LineWatchingWriter(Action<string>? onLine) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Notify(value);
    }

    private void Notify(string? value)
    {
        if (onLine is null || value is null)
        {
            return;
        }

        foreach (var line in value.Split('\n'))
        {
            onLine(line);
        }
    }
}
