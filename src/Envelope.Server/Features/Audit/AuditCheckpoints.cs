using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Signs the head of every organization's chain that moved since its last checkpoint. Any node may run it: two nodes
/// checkpointing the same head write one row (the unique index refuses the second), and a head that moved between
/// them gets its own checkpoint, which is only more evidence.
/// </summary>
internal sealed class AuditCheckpointWriter(EnvelopeDbContext db, AuditKey key, TimeProvider time)
{
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        var heads = await db.AuditEvents.AsNoTracking()
            .GroupBy(e => e.OrganizationId)
            .Select(g => new { OrganizationId = g.Key, Sequence = g.Max(e => e.Sequence) })
            .ToListAsync(cancellationToken);
        var signed = await db.AuditCheckpoints.AsNoTracking()
            .GroupBy(c => c.OrganizationId)
            .Select(g => new { OrganizationId = g.Key, Sequence = g.Max(c => c.Sequence) })
            .ToDictionaryAsync(c => c.OrganizationId, c => c.Sequence, cancellationToken);
        var written = 0;
        foreach (var head in heads.Where(h => !signed.TryGetValue(h.OrganizationId, out var sequence) || sequence < h.Sequence))
        {
            var hash = await db.AuditEvents.AsNoTracking()
                .Where(e => e.OrganizationId == head.OrganizationId && e.Sequence == head.Sequence)
                .Select(e => e.Hash)
                .SingleAsync(cancellationToken);
            db.AuditCheckpoints.Add(new AuditCheckpoint
            {
                OrganizationId = head.OrganizationId,
                Sequence = head.Sequence,
                HeadHash = hash,
                MasterKeyId = key.MasterKeyId,
                Signature = key.Sign(head.OrganizationId, head.Sequence, hash),
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                written++;
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation() || e.IsForeignKeyViolation())
            {
                // Another node signed this head first, or the organization was deleted meanwhile.
            }

            db.ChangeTracker.Clear();
        }

        return written;
    }

    /// <summary>
    /// A master-key rotation (<c>master-key rotate</c>): every checkpoint this server's audit key (or its previous
    /// master key's) signed is signed again by <paramref name="next"/>, so the trail stays verifiable once the old master
    /// key is gone. A checkpoint neither key signed (a forgery) is left as it is, for verify to name.
    /// </summary>
    public async Task<int> ResignAsync(AuditKey next, CancellationToken cancellationToken)
    {
        var resigned = 0;
        var stale = await db.AuditCheckpoints.Where(c => c.MasterKeyId != next.MasterKeyId).ToListAsync(cancellationToken);
        foreach (var checkpoint in stale)
        {
            if (key.Verify(checkpoint.OrganizationId, checkpoint.Sequence, checkpoint.HeadHash, checkpoint.MasterKeyId, checkpoint.Signature))
            {
                checkpoint.MasterKeyId = next.MasterKeyId;
                checkpoint.Signature = next.Sign(checkpoint.OrganizationId, checkpoint.Sequence, checkpoint.HeadHash);
                resigned++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return resigned;
    }
}

/// <summary>Writes checkpoints every <see cref="AuditOptions.CheckpointInterval"/>, and once more when the server stops.</summary>
internal sealed partial class AuditCheckpointWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<AuditOptions> options, ILogger<AuditCheckpointWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CheckpointsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (options.Value.CheckpointsEnabled)
        {
            await WriteAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditCheckpointWriter>().WriteAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not write audit checkpoints; the next interval tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
