using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Envelope.Load;

/// <summary>
/// The real server as a child process on a loopback port, on a fresh database (<see cref="LoadDatabase"/>), run from
/// a copy of its build so that a rebuild elsewhere cannot swap its binaries mid-run. Disposing kills its process tree.
/// </summary>
internal sealed class EnvelopeServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _logCopy;
    private readonly string _logDirectory;

    private EnvelopeServer(Process process, Uri address, string logDirectory)
    {
        _process = process;
        _logDirectory = logDirectory;
        // Drained in bulk to files: a full pipe would stall the server, and line-by-line reading would cost this process CPU.
        _logCopy = Task.WhenAll(
            CopyAsync(process.StandardOutput.BaseStream, Path.Combine(logDirectory, "server.out.log")),
            CopyAsync(process.StandardError.BaseStream, Path.Combine(logDirectory, "server.err.log")));
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Runs <c>init --organization</c> on the database the server will use: its one JSON line.</summary>
    public static async Task<(string Organization, string Token)> InitAsync(string build, string dataDirectory, LoadDatabase database, CancellationToken cancellationToken)
    {
        var start = StartInfo(build, dataDirectory, database, requestLogging: false, ["init", "--organization", "load"]);
        using var process = Process.Start(start) ?? throw new LoadRunException("Could not start dotnet for init.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LoadRunException("init did not finish within 60 s.");
        }

        var line = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null)
        {
            throw new LoadRunException($"init exited with {process.ExitCode}:\n{await errors}");
        }

        using var json = JsonDocument.Parse(line);
        return (json.RootElement.GetProperty("organization").GetString()!, json.RootElement.GetProperty("token").GetString()!);
    }

    public static async Task<EnvelopeServer> StartAsync(string build, string dataDirectory, LoadDatabase database, bool requestLogging, CancellationToken cancellationToken)
    {
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreeLoopbackPort()}"));
        var start = StartInfo(build, dataDirectory, database, requestLogging, ["--urls", address.AbsoluteUri.TrimEnd('/')]);
        var process = Process.Start(start) ?? throw new LoadRunException("Could not start the server.");
        var server = new EnvelopeServer(process, address, dataDirectory);
        try
        {
            await server.WaitUntilHealthyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the server wrote, each cut short (JSON log lines with stack traces run long), for a failure's message.</summary>
    public string LogTail(int lines = 8, int width = 600)
    {
        try
        {
            return string.Join('\n', new[] { "server.out.log", "server.err.log" }
                .Select(name => Path.Combine(_logDirectory, name))
                .Where(File.Exists)
                .SelectMany(path => File.ReadLines(path).TakeLast(lines))
                .Select(line => line.Length > width ? line[..width] + " ..." : line));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
            await _logCopy.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or IOException)
        {
            await Console.Error.WriteLineAsync($"Could not stop the server cleanly (pid {_process.Id}): {e.Message}");
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new LoadRunException($"The server exited with {_process.ExitCode} while starting:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while it migrates; ask again.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new LoadRunException($"The server did not answer /healthz with 200 within 60 s:\n{LogTail()}");
    }

    private static ProcessStartInfo StartInfo(string build, string dataDirectory, LoadDatabase database, bool requestLogging, string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            // appsettings.json is read from the working directory, as with the published server.
            WorkingDirectory = build,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(build, "Envelope.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the caller's shell may point the server elsewhere (another database, key or environment).
        foreach (var name in start.Environment.Keys.Where(IsInheritedSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ENVELOPE_DATA_DIR"] = dataDirectory;
        start.Environment["ENVELOPE_DATABASE"] = database.ConnectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A plan's requests-per-minute limit would turn the load into 429s; builds without rate limits ignore this.
        start.Environment["ENVELOPE_RATE_LIMITS_ENABLED"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // appsettings.json sets the request log's category to Information explicitly, which a Default does not override.
        if (!requestLogging)
        {
            start.Environment["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging"] = "Warning";
        }

        return start;
    }

    private static bool IsInheritedSetting(string name) =>
        name.StartsWith("ENVELOPE_", StringComparison.Ordinal)
        || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_URLS", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
        || name.StartsWith("Logging__", StringComparison.Ordinal);

    /// <summary>The dotnet host running this runner, else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task CopyAsync(Stream output, string path)
    {
        await using var log = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        await output.CopyToAsync(log);
    }
}
