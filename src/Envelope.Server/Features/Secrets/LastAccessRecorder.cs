using System.Collections.Concurrent;
using Envelope.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// Remembers when versions were last read and writes that down in batches, so a read costs no database write.
/// A crash loses at most one interval of access times, never data.
/// </summary>
public sealed class LastAccessRecorder
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _pending = new();

    // Access times are kept to the second: a version read by every request of a busy read path would otherwise take
    // the same dictionary lock on every request (measured as contention under load).
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    public void Record(long versionId, DateTimeOffset at)
    {
        if (_pending.TryGetValue(versionId, out var recorded) && recorded > at - Resolution)
        {
            return;
        }

        _pending.AddOrUpdate(versionId, at, (_, existing) => existing > at ? existing : at);
    }

    public async Task<int> FlushAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var flushed = 0;
        foreach (var versionId in _pending.Keys)
        {
            if (_pending.TryRemove(versionId, out var at))
            {
                flushed += await db.SecretVersions
                    .Where(v => v.Id == versionId && (v.LastAccessedAt == null || v.LastAccessedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.LastAccessedAt, at), cancellationToken);
            }
        }

        return flushed;
    }
}

internal sealed partial class LastAccessFlusher(LastAccessRecorder recorder, IServiceScopeFactory scopes, TimeProvider time, ILogger<LastAccessFlusher> logger) : BackgroundService
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

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await recorder.FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record last-access times")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
