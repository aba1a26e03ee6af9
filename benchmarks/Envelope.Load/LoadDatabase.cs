using Npgsql;

namespace Envelope.Load;

/// <summary>
/// Where the measured server keeps its data: a fresh SQLite file in the run's data directory, or, with
/// <c>--postgres</c>, a fresh database on that PostgreSQL server, dropped when the run ends.
/// </summary>
internal sealed class LoadDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private LoadDatabase(string engine, string connectionString, string? postgresAdmin = null, string? postgresName = null)
    {
        Engine = engine;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    /// <summary>"SQLite" or "PostgreSQL", as the report names it.</summary>
    public string Engine { get; }

    /// <summary>What the server's ENVELOPE_DATABASE is set to.</summary>
    public string ConnectionString { get; }

    public static async Task<LoadDatabase> CreateAsync(string? postgresAdmin, string dataDirectory, CancellationToken cancellationToken)
    {
        if (postgresAdmin is null)
        {
            return new LoadDatabase("SQLite", Path.Combine(dataDirectory, "envelope.db"));
        }

        var name = "envelope_load_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(postgresAdmin, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name }.ConnectionString;
        return new LoadDatabase("PostgreSQL", connectionString, postgresAdmin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_postgresAdmin, $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new LoadRunException($"PostgreSQL refused '{sql}': {e.Message}");
        }
    }
}
