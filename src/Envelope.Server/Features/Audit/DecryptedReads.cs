using System.Collections.Concurrent;
using Envelope.Server.Data;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Counts reads that decrypt, per organization, token, level and minute, in memory, so a read costs no database
/// write; <see cref="DecryptedReadFlusher"/> writes one <c>secrets.decrypt</c> event per group with its count. A crash
/// loses at most the counts not yet flushed.
/// </summary>
internal sealed class DecryptedReadRecorder(TimeProvider time)
{
    private readonly ConcurrentDictionary<ReadGroup, int> _counts = new();

    public void Record(string organizationId, string? tokenId, string? project, string? target, string? environment)
    {
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var level = string.Join('/', new[] { project, target, environment }.Where(s => s is not null));
        _counts.AddOrUpdate(new ReadGroup(organizationId, tokenId, project, level, minute), 1, (_, count) => count + 1);
    }

    /// <summary>
    /// Writes the minutes that are over (all of them when <paramref name="everything"/>, at shutdown); one event per
    /// group, each group committed with its event.
    /// </summary>
    public async Task<int> FlushAsync(EnvelopeDbContext db, bool everything, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var written = 0;
        foreach (var group in _counts.Keys.Where(g => everything || g.Minute < current).OrderBy(g => g.Minute))
        {
            if (!_counts.TryRemove(group, out var count))
            {
                continue;
            }

            var projectId = group.Project is null ? null : await db.Projects.AsNoTracking()
                .Where(p => p.OrganizationId == group.OrganizationId && p.Slug == group.Project)
                .Select(p => p.Id).SingleOrDefaultAsync(cancellationToken);
            AuditLog.Record(db, time, group.OrganizationId, group.TokenId, AuditActions.SecretDecrypt, projectId, group.Level,
                new { count, minute = group.Minute.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written++;
            }
            catch
            {
                // Counted again at the next flush rather than lost.
                _counts.AddOrUpdate(group, count, (_, later) => later + count);
                db.ChangeTracker.Clear();
                throw;
            }
        }

        return written;
    }

    private sealed record ReadGroup(string OrganizationId, string? TokenId, string? Project, string Level, DateTimeOffset Minute);
}

internal sealed partial class DecryptedReadFlusher(DecryptedReadRecorder recorder, IServiceScopeFactory scopes, TimeProvider time, ILogger<DecryptedReadFlusher> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(everything: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(everything: true, cancellationToken);
    }

    private async Task FlushAsync(bool everything, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await recorder.FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), everything, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or AuditUnavailableException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not write decrypted-read audit events; the next flush tries again")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
