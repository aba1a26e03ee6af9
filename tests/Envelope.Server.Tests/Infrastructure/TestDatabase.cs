using Npgsql;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>
/// The database a test application runs on: a fresh SQLite file, or, when ENVELOPE_TEST_POSTGRES holds an admin
/// connection string, a fresh database on that PostgreSQL server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string _name;

    private TestDatabase(string connectionString, string? postgresAdmin, string name, string directory)
    {
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _name = name;
        Directory = directory;
    }

    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable("ENVELOPE_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static string Engine => PostgresAdminConnectionString is null ? "sqlite" : "postgres";

    /// <summary>What ENVELOPE_DATABASE is set to.</summary>
    public string ConnectionString { get; }

    /// <summary>A private data directory (bootstrap.json, master key, SQLite file).</summary>
    public string Directory { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = "envelope_test_" + Guid.NewGuid().ToString("N")[..12];
        var directory = Path.Combine(Path.GetTempPath(), name);
        System.IO.Directory.CreateDirectory(directory);
        if (PostgresAdminConnectionString is not { } admin)
        {
            return new TestDatabase(Path.Combine(directory, "envelope.db"), null, name, directory);
        }

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(builder.ConnectionString, admin, name, directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection is cleaned with the temp directory.
        }
    }
}
