using System.Collections.Concurrent;
using Envelope.Server.Data;
using Envelope.Server.Data.Sqlite;
using Envelope.Server.Features.Console;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Writes last-seen times every half minute, and once an hour forgets the rows of sessions that ended more than
/// <see cref="Retention"/> ago (revoked, or idle past the console's timeout): long enough for an owner to see how a
/// recent session ended, and the audit log keeps the revocations for good.
/// </summary>
internal sealed partial class SessionActivityFlusher(
    SessionActivity activity, SqliteWriteGate sqliteWriters, IServiceScopeFactory scopes, TimeProvider time, IOptions<ConsoleOptions> console,
    ILogger<SessionActivityFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                if (time.GetUtcNow() - _prunedAt >= PruneInterval)
                {
                    await PruneAsync(stoppingToken);
                }
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

    /// <summary>Deletes the rows of sessions that ended before the retention; idempotent, so any node may run it.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _prunedAt = now;
        var endedBefore = now - Retention;
        var lastSeenBefore = endedBefore - TimeSpan.FromMinutes(console.Value.IdleMinutes);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            using var gate = db.Database.IsSqlite() ? await sqliteWriters.EnterAsync(cancellationToken) : null;
            return await db.ConsoleSessions.Where(s => s.RevokedAt < endedBefore || s.LastSeenAt < lastSeenBefore).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogPruneFailed(logger, e);
            return 0;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete the rows of console sessions that ended long ago")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not record console sessions' last-seen times")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
