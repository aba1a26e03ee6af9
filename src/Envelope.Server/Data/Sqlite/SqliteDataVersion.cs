using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Envelope.Server.Data.Sqlite;

/// <summary>
/// A number that moves whenever the SQLite database file has changed, by any connection of this process or another.
/// It rests on <c>PRAGMA data_version</c>, run on connections of its own that never write: on one connection the value
/// differs from the last it returned exactly when another connection committed in between. Values of different
/// connections are not comparable, so each connection keeps the last value it saw, and a change seen by any of them
/// bumps one generation counter. A cached read stamped with the generation taken before it read the database is fresh
/// exactly while the generation has not moved: a commit acknowledged before a check is seen by that check, whichever
/// connection runs it, because that connection's previous check came before the commit or already bumped for it.
/// </summary>
internal sealed class SqliteDataVersion(string path) : IDisposable
{
    // One connection per concurrent request rather than one behind a lock: under load, requests spun on that lock
    // longer than the pragma takes (a profile showed a fifth of a cached read's time there). A queue, not a bag: a
    // bag's take from another thread's list locks, and requests resume on other threads all the time.
    private const int MaxIdle = 8;

    private readonly ConcurrentQueue<Probe> _idle = new();
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
    }.ToString();

    private long _generation;
    private volatile bool _disposed;

    /// <summary>The current generation, or null when it cannot be read (then nothing is served from the cache).</summary>
    public long? Current()
    {
        Probe? probe = null;
        try
        {
            // Opened on first use: the database exists by then (it is created and migrated at start).
            probe = _idle.TryDequeue(out var idle) ? idle : Open();
            var version = probe.Read();
            // A new connection has nothing to compare with, so it counts as a change too.
            if (probe.LastSeen != version)
            {
                probe.LastSeen = version;
                Interlocked.Increment(ref _generation);
            }

            var generation = Interlocked.Read(ref _generation);
            Return(probe);
            return generation;
        }
        catch (SqliteException)
        {
            Close(probe);
            return null;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var probe))
        {
            Close(probe);
        }
    }

    private Probe Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return new Probe(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Return(Probe probe)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            Close(probe);
            return;
        }

        _idle.Enqueue(probe);
        if (_disposed && _idle.TryDequeue(out var late))
        {
            Close(late);
        }
    }

    private static void Close(Probe? probe) => probe?.Dispose();

    /// <summary>
    /// One connection and its prepared pragma, stepped through SQLite's own API: ADO.NET's reader around a one-value
    /// pragma cost as much as the pragma.
    /// </summary>
    private sealed class Probe : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;

        public Probe(SqliteConnection connection)
        {
            _connection = connection;
            var rc = raw.sqlite3_prepare_v2(connection.Handle, "PRAGMA data_version", out _statement);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        /// <summary>The last data_version this connection returned; null before its first.</summary>
        public long? LastSeen { get; set; }

        public long Read()
        {
            try
            {
                var rc = raw.sqlite3_step(_statement);
                if (rc != raw.SQLITE_ROW)
                {
                    SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
                    throw new SqliteException("PRAGMA data_version returned no row.", rc);
                }

                return raw.sqlite3_column_int64(_statement, 0);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        public void Dispose()
        {
            _statement.Dispose();
            _connection.Dispose();
        }
    }
}
