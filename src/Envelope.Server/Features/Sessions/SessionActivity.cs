using System.Collections.Concurrent;
using Envelope.Server.Data;
using Envelope.Server.Data.Sqlite;

namespace Envelope.Server.Features.Sessions;

/// <summary>
/// Notes when sessions were last used, at most once a minute each, and writes that down in batches: a request through
/// the console costs no database write. A crash loses at most one interval of last-seen times.
/// </summary>
internal sealed class SessionActivity
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _noted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    /// <summary>A session whose row was just written with <paramref name="at"/> as its last-seen time.</summary>
    public void Started(string sessionId, DateTimeOffset at) => _noted[sessionId] = at;

    public void Seen(string sessionId, DateTimeOffset at)
    {
        if (_noted.TryGetValue(sessionId, out var noted) && at - noted < Resolution)
        {
            return;
        }

        _noted[sessionId] = at;
        _pending.AddOrUpdate(sessionId, at, (_, existing) => existing > at ? existing : at);
    }

    public async Task<int> FlushAsync(EnvelopeDbContext db, SqliteWriteGate sqliteWriters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Sessions not seen for a minute need no memory: their next request is noted whatever.
        foreach (var (id, noted) in _noted)
        {
            if (now - noted >= Resolution)
            {
                _noted.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, noted));
            }
        }

        var batch = new List<(string Id, DateTimeOffset At)>();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var at))
            {
                batch.Add((id, at));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        using var gate = db.Database.IsSqlite() ? await sqliteWriters.EnterAsync(cancellationToken) : null;
        var flushed = 0;
        foreach (var (id, at) in batch)
        {
            flushed += await db.ConsoleSessions.Where(s => s.Id == id && s.LastSeenAt < at)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, at), cancellationToken);
        }

        return flushed;
    }
}

internal sealed partial class SessionActivityFlusher(
    SessionActivity activity, SqliteWriteGate sqliteWriters, IServiceScopeFactory scopes, TimeProvider time, ILogger<SessionActivityFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await activity.FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), sqliteWriters, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record console sessions' last-seen times")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
