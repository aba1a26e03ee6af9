using Envelope.Server.Data;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.EncryptionKeys;

/// <param name="Rewrapped">Data keys re-wrapped by this run.</param>
/// <param name="AlreadyDone">Data keys a run before this one had re-wrapped.</param>
/// <param name="Total">Data keys wrapped by a master key.</param>
/// <param name="RingKeysResealed">Data Protection key ring entries sealed again under the new master key.</param>
/// <param name="ResignedCheckpoints">Audit checkpoints signed again with the new master key's audit key.</param>
internal sealed record MasterKeyRotationResult(int Rewrapped, int AlreadyDone, int Total, int ResignedCheckpoints = 0, int RingKeysResealed = 0);

/// <summary>
/// Re-wraps every data key from the configured master key to a new one without touching a blob. Each row is
/// re-wrapped and committed on its own, guarded by the master key id it had, so a run stopped midway (a crash, a
/// kill) is simply run again: rows already under the new key are skipped. The Data Protection key ring (console
/// cookies, antiforgery) moves to the new key too, so the old one can be dropped afterwards.
/// </summary>
internal sealed class MasterKeyRotation(EnvelopeDbContext db)
{
    public async Task<MasterKeyRotationResult> RunAsync(MasterKey current, MasterKey next, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var rows = await db.ProjectKeys.AsNoTracking().Where(k => k.WrappedKey != null)
            .Select(k => new { k.Id, k.ProjectId, k.Version, k.WrappedKey, k.MasterKeyId }).ToListAsync(cancellationToken);
        var rewrapped = 0;
        var alreadyDone = 0;
        foreach (var row in rows)
        {
            if (row.MasterKeyId == next.Id)
            {
                alreadyDone++;
            }
            else
            {
                var dataKey = current.Unwrap(row.WrappedKey!, row.ProjectId, row.Version, row.MasterKeyId);
                var wrapped = next.Wrap(dataKey, row.ProjectId, row.Version);
                var previousId = row.MasterKeyId;
                rewrapped += await db.ProjectKeys
                    .Where(k => k.Id == row.Id && k.MasterKeyId == previousId)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.WrappedKey, wrapped).SetProperty(k => k.MasterKeyId, next.Id), cancellationToken);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
            }

            progress?.Report((rewrapped + alreadyDone, rows.Count));
        }

        var ringKeysResealed = await DataProtectionKeyRing.ResealAsync(db, current, next, cancellationToken);
        return new MasterKeyRotationResult(rewrapped, alreadyDone, rows.Count, RingKeysResealed: ringKeysResealed);
    }
}
