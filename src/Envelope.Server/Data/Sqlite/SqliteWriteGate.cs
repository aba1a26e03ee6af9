namespace Envelope.Server.Data.Sqlite;

/// <summary>
/// Queues this process's secret writes on SQLite before they ask for the database's single write lock. SQLite grants
/// that lock to one transaction at a time and makes the others retry on a timer (Microsoft.Data.Sqlite's busy retry),
/// so concurrent stores spent most of their time asleep while the lock was free; waiting here, a writer is woken the
/// moment the previous one commits. Writers of other processes still meet the busy retry, as before. Unused on
/// PostgreSQL, whose row lock on the project already queues writers without polling.
/// </summary>
internal sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
