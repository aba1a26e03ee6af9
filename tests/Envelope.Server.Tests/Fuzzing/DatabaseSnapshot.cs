using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// Every table's rows, each row serialized column by column (blobs as hex, times in round-trip form), in a stable
/// order (the serialized rows sorted ordinally), with a SHA-256 per table. Read over raw SQL on a connection of its own,
/// not through EF Core, so no mapping hides a change.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> Tables)
{
    /// <summary>
    /// Columns a read legitimately changes. <c>secret_versions.LastAccessedAt</c> is written by the last-access
    /// flush (every 30 s of the fake clock, which the read-only tests never advance), so it is excluded to keep the
    /// comparison about the requests, not about that timer.
    /// </summary>
    public static readonly IReadOnlySet<string> ExcludedColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "secret_versions.LastAccessedAt",
        // Authenticating a token notes its use, at most once an hour.
        "api_tokens.LastUsedAt",
    };

    /// <summary>Reads that are audited on purpose append these events (docs/audit.md); nothing else may change.</summary>
    public static readonly IReadOnlySet<string> AuditedReadActions = new HashSet<string>(StringComparer.Ordinal) { "key.retrieve", "secrets.decrypt" };

    public IReadOnlyDictionary<string, string> Hashes => Tables.ToDictionary(
        t => t.Key,
        t => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', t.Value)))));

    public static async Task<DatabaseSnapshot> TakeAsync(TestDatabase database)
    {
        if (TestDatabase.Engine == "postgres")
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var tables = await ListAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
            return new DatabaseSnapshot(await DumpAsync(connection, tables));
        }
        else
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.ConnectionString, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using (var checkpoint = connection.CreateCommand())
            {
                // Move the WAL into the main file first, so the dump reads what is durable, not a reader's view of the log.
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
            }

            var tables = await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
            return new DatabaseSnapshot(await DumpAsync(connection, tables));
        }
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> DumpAsync(DbConnection connection, List<string> tables)
    {
        var dump = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            if (table == "audit_events")
            {
                command.CommandText += $" WHERE \"Action\" NOT IN ({string.Join(", ", AuditedReadActions.Select(a => $"'{a}'"))})";
            }

            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var column = reader.GetName(i);
                    if (ExcludedColumns.Contains($"{table}.{column}"))
                    {
                        continue;
                    }

                    row.Append(column).Append('=').Append(Format(reader.IsDBNull(i) ? null : reader.GetValue(i))).Append('\u001F');
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            dump[table] = rows;
        }

        return dump;
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "x'" + Convert.ToHexString(bytes) + "'",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string s => "'" + s + "'",
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The tables whose rows differ, with a count of rows only before and only after.</summary>
    public IReadOnlyList<string> DifferencesFrom(DatabaseSnapshot before)
    {
        var differences = new List<string>();
        foreach (var table in before.Tables.Keys.Union(Tables.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.Tables.GetValueOrDefault(table) ?? [];
            var now = Tables.GetValueOrDefault(table) ?? [];
            if (!was.SequenceEqual(now, StringComparer.Ordinal))
            {
                var gone = was.Except(now, StringComparer.Ordinal).ToList();
                var added = now.Except(was, StringComparer.Ordinal).ToList();
                differences.Add($"{table}: {gone.Count} row(s) changed or removed, {added.Count} added or changed; first after: {added.FirstOrDefault() ?? "-"}; first before: {gone.FirstOrDefault() ?? "-"}");
            }
        }

        return differences;
    }
}
