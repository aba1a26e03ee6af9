using Microsoft.Data.Sqlite;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// SQLite's <c>PRAGMA data_version</c> on a connection of its own that never writes: the value changes whenever any
/// other connection, of this process or another, commits to the database file. A cached read stamped with the value
/// seen before it read the database is fresh exactly while the value has not moved.
/// </summary>
internal sealed class SqliteDataVersion(string path) : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _command;

    /// <summary>The current value, or null when it cannot be read (then nothing is served from the cache).</summary>
    public long? Current()
    {
        lock (_gate)
        {
            try
            {
                if (_command is null)
                {
                    // Opened on first use: the database exists by then (it is created and migrated at start).
                    var connection = new SqliteConnection(new SqliteConnectionStringBuilder
                    {
                        DataSource = Path.GetFullPath(path),
                        Mode = SqliteOpenMode.ReadWrite,
                        Pooling = false,
                    }.ToString());
                    connection.Open();
                    _connection = connection;
                    _command = connection.CreateCommand();
                    _command.CommandText = "PRAGMA data_version";
                }

                return (long)_command.ExecuteScalar()!;
            }
            catch (SqliteException)
            {
                Close();
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private void Close()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }
}
