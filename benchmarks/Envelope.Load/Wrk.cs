using System.Diagnostics;
using System.Globalization;

namespace Envelope.Load;

/// <summary>One bounded wrk run: what to load, how hard, for how long; the Lua script reads its settings from the environment.</summary>
internal sealed record WrkRun(Uri Url, string Script, int Threads, int Connections, TimeSpan Duration, IReadOnlyDictionary<string, string> Environment);

/// <summary>Runs Debian's wrk (4.x) as a child process and parses what it prints.</summary>
internal static class Wrk
{
    public const string GetScript = "get.lua";
    public const string PostScript = "post.lua";

    public const string InstallHint = "wrk is not installed. On Debian or Ubuntu: apt-get install -y wrk (benchmarks/load/run.sh does this when run as root).";

    // A store waits its turn for SQLite's single writer; wrk's default 2 s would count a slow queue as failures.
    private const string RequestTimeout = "10s";

    public static string? Locate() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    public static async Task<WrkResult> RunAsync(string wrk, WrkRun run, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            $"-t{run.Threads}", $"-c{run.Connections}", $"-d{(int)run.Duration.TotalSeconds}s",
            "--timeout", RequestTimeout, "--latency", "-s", run.Script, run.Url.AbsoluteUri,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in run.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new LoadRunException($"Could not start {wrk}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(run.Duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LoadRunException($"wrk ran 30 s past its {run.Duration.TotalSeconds} s and was stopped.", ExitCodes.MeasurementFailed);
        }

        var text = await output;
        var errorText = await errors;
        if (process.ExitCode != 0)
        {
            throw new LoadRunException(
                string.Create(CultureInfo.InvariantCulture, $"wrk exited with {process.ExitCode}:\n{errorText}{text}"), ExitCodes.MeasurementFailed);
        }

        return WrkResult.Parse(text);
    }
}
