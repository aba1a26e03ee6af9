using System.Collections;

namespace Envelope.Cli;

/// <summary>
/// What a command may touch of the outside world: the standard streams, the environment and the working directory.
/// Tests pass their own, so that the CLI runs in-process without reading the real user's configuration.
/// </summary>
internal sealed class CliContext
{
    public required TextReader In { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>True when the streams are the process's own, so a child process can inherit them.</summary>
    public bool InheritsProcessStreams { get; init; }

    public static CliContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new CliContext
        {
            In = Console.In,
            Out = Console.Out,
            Error = Console.Error,
            Environment = environment,
            WorkingDirectory = Directory.GetCurrentDirectory(),
            InheritsProcessStreams = true,
        };
    }

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? GetVariable(string name) => Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>True when standard input and error are a terminal, so a command may ask a question.</summary>
    public bool IsInteractive => InheritsProcessStreams && !Console.IsInputRedirected && !Console.IsErrorRedirected;

    /// <summary>The clock: when a browser login's access token expires and must be refreshed.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a command's telemetry event may take before it is dropped (tests on a loaded machine give it more).</summary>
    internal TimeSpan TelemetryTimeout { get; init; } = DefaultTelemetryTimeout;

    /// <summary>Long enough for a server that answers (a few milliseconds on a LAN), short enough to go unnoticed when none does.</summary>
    internal static readonly TimeSpan DefaultTelemetryTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>For tests: runs after a read-modify-write command has read the level and before it checks and writes.</summary>
    internal Func<CancellationToken, Task>? BeforeWrite { get; init; }

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
