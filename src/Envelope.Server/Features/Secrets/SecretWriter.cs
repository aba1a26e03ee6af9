using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Data.Sqlite;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// The one way secrets change: inside a transaction that first takes the project's write lock, so that a write and
/// its version commit together or not at all, and writes of one project (stores, restores, rotations) never interleave.
/// </summary>
internal sealed class SecretWriter(EnvelopeDbContext db, TimeProvider time, SqliteWriteGate sqliteWriters)
{
    /// <summary>
    /// Runs <paramref name="body"/> under the project's lock with the project's current key version read after the
    /// lock. An error from the body rolls everything back; otherwise its changes are saved and committed.
    /// </summary>
    public async Task<ApiErrorResult?> InProjectTransactionAsync(string projectId, Func<ProjectKeyState, Task<ApiErrorResult?>> body, CancellationToken cancellationToken)
    {
        ApiErrorResult? error = null;
        await InProjectTransactionAsync(projectId, async state => (error = await body(state)) is null, cancellationToken);
        return error;
    }

    /// <summary>As above, for bodies that decide by themselves: true commits, false rolls back.</summary>
    public async Task<bool> InProjectTransactionAsync(string projectId, Func<ProjectKeyState, Task<bool>> body, CancellationToken cancellationToken)
    {
        using var queued = db.Database.IsSqlite() ? await sqliteWriters.EnterAsync(cancellationToken) : null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Projects.Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SecretsRevision, p => p.SecretsRevision + 1), cancellationToken);
        if (locked == 0)
        {
            throw new ProjectGoneException();
        }

        var state = await db.Projects.AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new ProjectKeyState(p.CurrentKeyVersion, p.KeyCheck, p.KeyState)).SingleAsync(cancellationToken);

        if (!await body(state))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The project's key as it stands under the lock: what a write must be encrypted and proven under.</summary>
    public sealed record ProjectKeyState(int KeyVersion, byte[]? KeyCheck, KeyState State)
    {
        /// <summary>400 key_unavailable while the key is disabled or being deleted; value operations stop there.</summary>
        public ApiErrorResult? Unavailable => KeyAvailability.Check(State);
    }

    /// <summary>The level's row, created (not saved) when the level never held secrets.</summary>
    public async Task<Secret> GetOrAddSecretAsync(ResolvedLevel level, CancellationToken cancellationToken)
    {
        var secret = await db.Secrets.SingleOrDefaultAsync(s => s.LevelId == level.LevelId, cancellationToken);
        if (secret is not null)
        {
            return secret;
        }

        var now = time.GetUtcNow();
        secret = new Secret
        {
            Id = Ids.New(time),
            ProjectId = level.Project.Id,
            TargetId = level.Target?.Id,
            EnvironmentId = level.Environment?.Id,
            LevelId = level.LevelId,
            Level = level.Level,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Secrets.Add(secret);
        return secret;
    }

    /// <summary>Sets the level's content and, unless <paramref name="noBackup"/>, records it as a new current version.</summary>
    public async Task<SecretVersion?> SetContentAsync(
        Secret secret, string content, int keyVersion, int bytes, VersionReason reason, long? restoredFrom, bool noBackup, Caller caller, CancellationToken cancellationToken)
    {
        secret.Content = content;
        secret.KeyVersion = keyVersion;
        secret.Bytes = bytes;
        secret.UpdatedAt = time.GetUtcNow();
        secret.CurrentVersionId = null;
        if (noBackup)
        {
            return null;
        }

        var version = await AddVersionAsync(secret, content, keyVersion, bytes, reason, restoredFrom, caller, cancellationToken);
        secret.CurrentVersionId = version.Id;
        return version;
    }

    /// <summary>
    /// Inserts a version and seals it onto the level's chain (<see cref="VersionChain"/>): the link needs the version's
    /// id, so the row is saved first; the transaction makes both one write. The per-level number is the level's
    /// highest plus one, tombstones included; the project's lock (held by every caller) keeps two writers from
    /// reading the same highest.
    /// </summary>
    public async Task<SecretVersion> AddVersionAsync(
        Secret secret, string content, int keyVersion, int bytes, VersionReason reason, long? restoredFrom, Caller caller, CancellationToken cancellationToken)
    {
        var highest = await db.SecretVersions.IgnoreQueryFilters().Where(v => v.SecretId == secret.Id).MaxAsync(v => (int?)v.Number, cancellationToken);
        var version = new SecretVersion
        {
            SecretId = secret.Id,
            ProjectId = secret.ProjectId,
            Number = (highest ?? 0) + 1,
            Content = content,
            KeyVersion = keyVersion,
            WrittenKeyVersion = keyVersion,
            ContentSha256 = VersionChain.ContentDigest(content),
            Bytes = bytes,
            Reason = reason,
            Status = VersionStatus.Active,
            RestoredFromId = restoredFrom,
            CreatedByTokenId = caller.TokenId,
            CreatedAt = VersionChain.ToMilliseconds(time.GetUtcNow()),
        };
        db.SecretVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        await VersionChain.SealAsync(db, version, cancellationToken);
        return version;
    }
}
