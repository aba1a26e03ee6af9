using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Envelope.Cli.Tests.Infrastructure;

/// <summary>
/// The real server, run as `dotnet Envelope.Server.dll` on a free loopback port against a SQLite file in a temporary
/// directory, after `init --organization cli` has made an organization and its owner token.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "envelope_cli_" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public Uri Server { get; private set; } = null!;

    /// <summary>The server's SQLite file, for tests that play someone with write access to the database.</summary>
    public string DatabasePath => Path.Combine(_directory, "envelope.db");

    public string Organization { get; private set; } = null!;

    public string OwnerToken { get; private set; } = null!;

    /// <summary>A person (owner of the organization) who signs in through the browser login.</summary>
    public string UserEmail { get; } = "ada@example.com";

    public string UserPassword { get; } = "correct horse battery staple " + Guid.NewGuid().ToString("N")[..8];

    public static string ServerDll
    {
        get
        {
            // ReferenceOutputAssembly=false keeps the server out of the test output; find its own build beside ours.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var root = FindRepositoryRoot();
            return Path.Combine(root, "src", "Envelope.Server", "bin", configuration, "net10.0", "Envelope.Server.dll");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var init = Start("init", "--organization", "cli");
        var output = await init.StandardOutput.ReadToEndAsync();
        var error = await init.StandardError.ReadToEndAsync();
        await init.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(init.ExitCode == 0, $"init failed: {error}");
        using (var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]))
        {
            Organization = json.RootElement.GetProperty("organization").GetString()!;
            OwnerToken = json.RootElement.GetProperty("token").GetString()!;
        }

        // The free plan allows 3 projects; the tests make one or more each.
        var plan = Start("plan", "set", "--organization", Organization, "--plan", "business");
        var planError = await plan.StandardError.ReadToEndAsync();
        await plan.StandardOutput.ReadToEndAsync();
        await plan.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(plan.ExitCode == 0, $"plan set failed: {planError}");

        var user = Start("user", "add", "--email", UserEmail, "--organization", Organization, "--role", "owner");
        await user.StandardInput.WriteLineAsync(UserPassword);
        user.StandardInput.Close();
        var userError = await user.StandardError.ReadToEndAsync();
        await user.StandardOutput.ReadToEndAsync();
        await user.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(user.ExitCode == 0, $"user add failed: {userError}");

        var port = FreePort();
        Server = new Uri($"http://127.0.0.1:{port}");
        _process = Start("--urls", Server.ToString().TrimEnd('/'));
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Server, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, "The server exited during start-up.");
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "The server did not start within 60 s.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs SQL on the server's SQLite file over a connection of its own, as someone with access to the database (not
    /// through Envelope) would; returns the rows changed.
    /// </summary>
    public async Task<int> ExecuteOnDatabaseAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "envelope.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ENVELOPE_DATABASE"] = DatabasePath;
        start.Environment["ENVELOPE_DATA_DIR"] = _directory;
        start.Environment["ENVELOPE_RATE_LIMITS_ENABLED"] = "false";
        return Process.Start(start)!;
    }

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Envelope.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Envelope.slnx not found above the test output.");
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerProcess>
{
    public const string Name = "server";
}
