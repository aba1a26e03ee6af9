using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.EncryptionKeys.Jobs;

/// <summary>Claims and runs re-encryption jobs one batch at a time; see <see cref="KeyJob"/>.</summary>
internal sealed class KeyJobRunner(EnvelopeDbContext db, SecretWriter writer, SecretCipher cipher, DataKeys dataKeys, TimeProvider time, IOptions<KeyJobOptions> options)
{
    private KeyJobOptions Options => options.Value;

    /// <summary>
    /// Claims the oldest runnable job (queued, or running under an expired lease). The claim is one conditional UPDATE,
    /// so of several nodes trying at once exactly one succeeds.
    /// </summary>
    public async Task<string?> TryClaimAsync(string nodeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = await Runnable(now).OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var claimed = await Runnable(now).Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, KeyJobStatus.Running)
                .SetProperty(j => j.LeaseOwner, nodeId)
                .SetProperty(j => j.LeaseExpiresAt, now + Options.Lease)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// Re-encrypts one batch of the job's project history onto the project's current key, renewing the lease in the
    /// same transaction. Returns true while there is more to do and the lease is still this node's.
    /// </summary>
    public async Task<bool> RunBatchAsync(string jobId, string nodeId, CancellationToken cancellationToken)
    {
        // Each batch reads its rows afresh. A worker keeps this context while it claims job after job, so a job or version
        // tracked by an earlier batch may be stale (another node can have moved it on meanwhile: a job counted on from a stale
        // copy lost that node's progress), and tracking every version a job touched would hold its whole history in memory.
        db.ChangeTracker.Clear();
        var projectId = await db.KeyJobs.Where(j => j.Id == jobId).Select(j => j.ProjectId).SingleOrDefaultAsync(cancellationToken);
        if (projectId is null)
        {
            return false;
        }

        var more = false;
        SecretVersion? undecryptable = null;
        await writer.InProjectTransactionAsync(projectId, async key =>
        {
            var now = time.GetUtcNow();
            var renewed = await db.KeyJobs
                .Where(j => j.Id == jobId && j.LeaseOwner == nodeId && j.Status == KeyJobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, now + Options.Lease), cancellationToken);
            // Lost the lease, or the key was disabled: stop; another attempt resumes later from where this one is.
            if (renewed == 0 || key.State != KeyState.Active)
            {
                return false;
            }

            var batch = await db.SecretVersions
                .Where(v => v.ProjectId == projectId && v.Content != null && v.KeyVersion != key.KeyVersion)
                .OrderBy(v => v.Id)
                .Take(Options.BatchSize)
                .ToListAsync(cancellationToken);
            var organizationId = await OrganizationOfAsync(projectId, cancellationToken);
            var secretIds = batch.Select(v => v.SecretId).Distinct().ToList();
            var secrets = await db.Secrets.AsNoTracking().Where(s => secretIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            foreach (var version in batch)
            {
                var secret = secrets[version.SecretId];
                if (await cipher.TryDecryptAsync(SecretCipher.PlaceOf(organizationId, secret, version.KeyVersion), version.Content!, cancellationToken) is not { } plaintext)
                {
                    undecryptable = version;
                    return false;
                }

                // Re-encryption writes v2, bound to the version's level, whatever format the old version had.
                VersionChain.RecordReEncryption(
                    version, await cipher.SealAsync(SecretCipher.PlaceOf(organizationId, secret, key.KeyVersion), plaintext, cancellationToken), key.KeyVersion);
            }

            var remaining = await db.SecretVersions.CountAsync(v => v.ProjectId == projectId && v.Content != null && v.KeyVersion != key.KeyVersion, cancellationToken) - batch.Count;
            var job = await db.KeyJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
            job.Processed += batch.Count;
            job.Total = job.Processed + remaining;
            job.TargetKeyVersion = key.KeyVersion;
            job.UpdatedAt = now;
            if (remaining == 0)
            {
                job.Status = KeyJobStatus.Completed;
                job.CompletedAt = now;
                job.LeaseOwner = null;
                job.LeaseExpiresAt = null;
                AuditLog.Record(db, time, await OrganizationOfAsync(projectId, cancellationToken), null, AuditActions.JobComplete, projectId, $"job {job.Id}", new { processed = job.Processed, key_version = key.KeyVersion });
            }

            more = remaining > 0;
            return true;
        }, cancellationToken);

        if (undecryptable is not null)
        {
            await FailAsync(jobId, nodeId, projectId, undecryptable, cancellationToken);
        }

        return more;
    }

    /// <summary>
    /// Ends a job at a version that does not decrypt under the key recorded for it. Retrying could never succeed, and
    /// the batch was rolled back, so nothing moved; the job says which version stopped it, for the owner to inspect
    /// (and destroy, if it is beyond repair) before rotating again.
    /// </summary>
    private async Task FailAsync(string jobId, string nodeId, string projectId, SecretVersion version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var error = $"Version {version.Id} does not decrypt under its key version {version.KeyVersion}.";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var failed = await db.KeyJobs.Where(j => j.Id == jobId && j.LeaseOwner == nodeId && j.Status == KeyJobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, KeyJobStatus.Failed)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (failed == 1)
        {
            AuditLog.Record(db, time, await OrganizationOfAsync(projectId, cancellationToken), null, AuditActions.JobFail, projectId, $"job {jobId}", new { version = version.Id, key_version = version.KeyVersion });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Destroys the server-held keys of projects whose scheduled deletion is due.</summary>
    public async Task<int> DeleteDueKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Projects.AsNoTracking()
            .Where(p => p.KeyState == KeyState.PendingDeletion && p.KeyDeletionScheduledFor <= now)
            .Select(p => new { p.Id, p.OrganizationId })
            .ToListAsync(cancellationToken);
        foreach (var project in due)
        {
            await writer.InProjectTransactionAsync(project.Id, async key =>
            {
                // Re-checked under the lock: a cancellation may have won the race.
                var stillDue = await db.Projects.Where(p => p.Id == project.Id && p.KeyState == KeyState.PendingDeletion && p.KeyDeletionScheduledFor <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.KeyState, KeyState.Deleted), cancellationToken);
                if (stillDue == 0)
                {
                    return false;
                }

                await db.ProjectKeys.Where(k => k.ProjectId == project.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.WrappedKey, (byte[]?)null), cancellationToken);
                AuditLog.Record(db, time, project.OrganizationId, null, AuditActions.KeyDelete, project.Id, null);
                return true;
            }, cancellationToken);
            dataKeys.Forget(project.Id);
        }

        return due.Count;
    }

    private Task<string> OrganizationOfAsync(string projectId, CancellationToken cancellationToken) =>
        db.Projects.Where(p => p.Id == projectId).Select(p => p.OrganizationId).SingleAsync(cancellationToken);

    private IQueryable<KeyJob> Runnable(DateTimeOffset now) =>
        // A deleted project's jobs wait for its restore (or go with its purge): its rows are out of every write's reach.
        db.KeyJobs.Where(j => (j.Status == KeyJobStatus.Queued || (j.Status == KeyJobStatus.Running && j.LeaseExpiresAt < now))
            && db.Projects.Any(p => p.Id == j.ProjectId));
}
