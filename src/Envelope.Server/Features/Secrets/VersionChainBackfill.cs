using Envelope.Server.Data;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// Versions written before the chain existed have no link. Before the server takes requests (after the migrator),
/// each level's unsealed versions are sealed in order onto whatever precedes them, so that an upgraded database
/// verifies. Deterministic, so two nodes starting together write the same values.
/// </summary>
internal sealed class VersionChainBackfill(IServiceScopeFactory scopes, ILogger<VersionChainBackfill> logger) : StartupTask
{
    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var sealedCount = await BackfillAsync(db, cancellationToken);
        if (sealedCount > 0)
        {
            logger.LogInformation("Sealed {Count} versions written before the version chain.", sealedCount);
        }
    }

    public static async Task<int> BackfillAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var secretIds = await db.SecretVersions.IgnoreQueryFilters().Where(v => v.Hash == null)
            .Select(v => v.SecretId).Distinct().ToListAsync(cancellationToken);
        var sealedCount = 0;
        foreach (var secretId in secretIds)
        {
            var versions = await db.SecretVersions.IgnoreQueryFilters().Where(v => v.SecretId == secretId)
                .OrderBy(v => v.Id).ToListAsync(cancellationToken);
            long? previousId = null;
            byte[]? previousHash = null;
            foreach (var version in versions)
            {
                if (version.Hash is null)
                {
                    // All there is to go on: the blob as it stands (perhaps re-encrypted since) under its key version.
                    version.WrittenKeyVersion = version.KeyVersion;
                    version.ContentSha256 = version.Content is { } content ? VersionChain.ContentDigest(content) : null;
                    VersionChain.Seal(version, previousId, previousHash);
                    sealedCount++;
                }

                previousId = version.Id;
                previousHash = version.Hash;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return sealedCount;
    }
}
