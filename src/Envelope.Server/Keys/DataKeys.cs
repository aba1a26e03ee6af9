using System.Collections.Concurrent;
using System.Security.Cryptography;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Keys;

/// <summary>
/// Server-managed projects' data keys: created wrapped by the master key, unwrapped on demand and kept in memory,
/// since a decrypting read must not pay a database round trip and an unwrap each time.
/// </summary>
internal sealed class DataKeys(MasterKey masterKey, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string ProjectId, int Version), byte[]> _unwrapped = new();

    /// <summary>
    /// Adds a new key version to a server-managed project (not saved) and returns its plaintext for the caller's
    /// transaction. It is not cached: if that transaction rolls back, another node may commit a different key under
    /// the same version, and a cached copy would then encrypt data nobody can read.
    /// </summary>
    public byte[] Create(EnvelopeDbContext db, string projectId, int version)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var row = new ProjectKey
        {
            ProjectId = projectId,
            Version = version,
            WrappedKey = masterKey.Wrap(key, projectId, version),
            MasterKeyId = masterKey.Id,
            CreatedAt = time.GetUtcNow(),
        };
        db.ProjectKeys.Add(row);
        return key;
    }

    /// <summary>The plaintext data key of a version; null when the project has no such server-managed key.</summary>
    public async Task<byte[]?> GetAsync(EnvelopeDbContext db, string projectId, int version, CancellationToken cancellationToken)
    {
        if (_unwrapped.TryGetValue((projectId, version), out var cached))
        {
            return cached;
        }

        var row = await db.ProjectKeys.AsNoTracking()
            .Where(k => k.ProjectId == projectId && k.Version == version)
            .Select(k => new { k.WrappedKey, k.MasterKeyId })
            .SingleOrDefaultAsync(cancellationToken);
        if (row?.WrappedKey is null)
        {
            return null;
        }

        var key = masterKey.Unwrap(row.WrappedKey, projectId, version, row.MasterKeyId);
        _unwrapped[(projectId, version)] = key;
        return key;
    }

    /// <summary>Forgets cached keys of a project, e.g. after it is deleted or its key is disabled.</summary>
    public void Forget(string projectId)
    {
        foreach (var entry in _unwrapped.Keys.Where(k => k.ProjectId == projectId))
        {
            _unwrapped.TryRemove(entry, out _);
        }
    }
}
