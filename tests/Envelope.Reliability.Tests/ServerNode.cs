using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Envelope.Reliability.Tests;

/// <summary>
/// One real server process on a loopback port, on a database of its own (a SQLite file, or a PostgreSQL database when
/// ENVELOPE_TEST_POSTGRES is set) that outlives the process: the harness kills it with SIGKILL and starts it again.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "envelope_node_" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _database;
    private readonly string? _postgresAdmin;
    private readonly string _postgresName = "envelope_crash_" + Guid.NewGuid().ToString("N")[..12];
    private readonly bool _ownsDatabase = true;
    private readonly Dictionary<string, string> _settings;
    private Process? _process;

    private ServerNode(IReadOnlyDictionary<string, string>? settings)
    {
        _settings = new(settings ?? new Dictionary<string, string>());
        Directory.CreateDirectory(_directory);
        _postgresAdmin = Environment.GetEnvironmentVariable("ENVELOPE_TEST_POSTGRES") is { Length: > 0 } admin ? admin : null;
        _database = _postgresAdmin is null
            ? Path.Combine(_directory, "envelope.db")
            : new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = _postgresName }.ConnectionString;
    }

    // Another node of the same deployment: same database, same data directory (so the same master key).
    private ServerNode(ServerNode first, IReadOnlyDictionary<string, string>? settings)
    {
        _settings = new(settings ?? new Dictionary<string, string>());
        _directory = first._directory;
        _database = first._database;
        _postgresAdmin = first._postgresAdmin;
        _postgresName = first._postgresName;
        _ownsDatabase = false;
        Organization = first.Organization;
        OwnerToken = first.OwnerToken;
    }

    /// <summary>Starts another server process on the first one's database.</summary>
    public static async Task<ServerNode> JoinAsync(ServerNode first, IReadOnlyDictionary<string, string>? settings = null)
    {
        var node = new ServerNode(first, settings);
        await node.StartProcessAsync();
        return node;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The node's name on job leases (ENVELOPE_NODE_ID), when set.</summary>
    public string? NodeId => _settings.TryGetValue("ENVELOPE_NODE_ID", out var id) ? id : null;
    public string Organization { get; private set; } = null!;
    public string OwnerToken { get; private set; } = null!;
    /// <summary>The running process's id (for /proc), 0 when it is not running.</summary>
    public int ProcessId => _process is { HasExited: false } process ? process.Id : 0;

    /// <summary>The server's standard output and error lines, of every life of this node.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>The master key the server generated in its data directory (it wraps every server-managed data key).</summary>
    public byte[] MasterKey => Convert.FromBase64String(File.ReadAllText(Path.Combine(_directory, "master.key")).Trim());

    /// <summary>A connection to the node's database, opened, for checks that must not trust the server's own reading of it.</summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        DbConnection connection = _postgresAdmin is null ? new SqliteConnection($"Data Source={_database};Pooling=False") : new NpgsqlConnection(_database);
        await connection.OpenAsync();
        return connection;
    }

    public static string Engine => Environment.GetEnvironmentVariable("ENVELOPE_TEST_POSTGRES") is { Length: > 0 } ? "postgres" : "sqlite";

    public static async Task<ServerNode> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var node = new ServerNode(settings);
        if (node._postgresAdmin is { } admin)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{node._postgresName}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        using var init = node.Run("init", "--organization", "crash");
        var output = await init.StandardOutput.ReadToEndAsync();
        var error = await init.StandardError.ReadToEndAsync();
        await init.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(init.ExitCode == 0, $"init failed: {error}");
        using (var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]))
        {
            node.Organization = json.RootElement.GetProperty("organization").GetString()!;
            node.OwnerToken = json.RootElement.GetProperty("token").GetString()!;
        }

        await node.StartProcessAsync();
        return node;
    }

    public HttpClient NewClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? OwnerToken);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, as a power cut or the OOM killer would do it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs an operator command (e.g. <c>plan set</c>) against this node's database.</summary>
    public async Task RunCommandAsync(params string[] arguments)
    {
        using var command = Run(arguments);
        var error = command.StandardError.ReadToEndAsync();
        var output = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(command.ExitCode == 0, $"{string.Join(' ', arguments)} exited with {command.ExitCode}: {await error} {output}");
    }

    /// <summary>
    /// Starts the server again on the same database and waits until it answers /readyz; <paramref name="settings"/> change
    /// this and later lives' environment.
    /// </summary>
    public Task RestartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }

        return StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (!_ownsDatabase)
        {
            return;
        }

        if (_postgresAdmin is { } admin)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        }

        _process?.Dispose();
        _process = Run("--urls", Address.ToString().TrimEnd('/'));
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, "The server exited during start-up.");
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (Api.IsCutOff(e))
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "The server did not become ready within 60 s.");
            await Task.Delay(100);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }

    private Process Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ENVELOPE_DATABASE"] = _database;
        start.Environment["ENVELOPE_DATA_DIR"] = _directory;
        start.Environment["ENVELOPE_RATE_LIMITS_ENABLED"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging"] = "Warning";
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }

    private static string ServerDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Envelope.slnx")))
                {
                    return Path.Combine(directory.FullName, "src", "Envelope.Server", "bin", configuration, "net10.0", "Envelope.Server.dll");
                }
            }

            throw new InvalidOperationException("Envelope.slnx not found above the test output.");
        }
    }
}
