using System.Collections.Concurrent;
using System.Security.Cryptography;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Keys;

/// <summary>
/// Server-managed projects' data keys: created wrapped by the master key, unwrapped on demand and kept in memory for a
/// while, since a decrypting read must not pay a database round trip and an unwrap each time.
/// </summary>
/// <remarks>
/// Key bytes are pinned (so the collector never leaves a moved copy behind) and zeroed when the last user lets go:
/// a caller holds a <see cref="DataKeyLease"/> for as long as it encrypts or decrypts, and the cache holds one more of
/// its own until the entry is forgotten or expires. Expiry is what makes a forget on one node reach every other: after
/// <see cref="DataKeyCacheOptions.Seconds"/> the row is read again, and a deleted key is then gone everywhere.
/// </remarks>
internal sealed class DataKeys : IDisposable
{
    private readonly ConcurrentDictionary<(string ProjectId, int Version), CachedDataKey> _unwrapped = new();
    private readonly MasterKey _masterKey;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ITimer? _sweep;

    public DataKeys(MasterKey masterKey, TimeProvider time, IOptions<DataKeyCacheOptions> options)
    {
        _masterKey = masterKey;
        _time = time;
        _lifetime = TimeSpan.FromSeconds(options.Value.Seconds);
        if (_lifetime > TimeSpan.Zero)
        {
            // Without a sweep, a key nobody asks for again would stay in memory until the process ends.
            _sweep = time.CreateTimer(_ => ForgetExpired(), null, _lifetime, _lifetime);
        }
    }

    /// <summary>How many unwrapped keys this node holds: for the tests that prove forgetting works.</summary>
    internal int CachedCount => _unwrapped.Count;

    /// <summary>
    /// Adds a new key version to a server-managed project (not saved) and returns its plaintext for the caller's
    /// transaction, leased so that it is zeroed when the caller is done. It is not cached: if that transaction rolls back, another node may
    /// commit a different key under the same version, and a cached copy would then encrypt data nobody can read.
    /// </summary>
    public DataKeyLease Create(EnvelopeDbContext db, string projectId, int version)
    {
        var key = GC.AllocateUninitializedArray<byte>(32, pinned: true);
        RandomNumberGenerator.Fill(key);
        db.ProjectKeys.Add(new ProjectKey
        {
            ProjectId = projectId,
            Version = version,
            WrappedKey = _masterKey.Wrap(key, projectId, version),
            MasterKeyId = _masterKey.Id,
            CreatedAt = _time.GetUtcNow(),
        });
        return new DataKeyLease(new CachedDataKey(key, _time.GetUtcNow()));
    }

    /// <summary>
    /// The plaintext data key of a version, leased until disposed; null when the project has no such server-managed key
    /// (never had one, or it was deleted).
    /// </summary>
    public async Task<DataKeyLease?> LeaseAsync(EnvelopeDbContext db, string projectId, int version, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_unwrapped.TryGetValue((projectId, version), out var cached))
        {
            if (cached.ExpiresAt > now && cached.TryAcquire())
            {
                return new DataKeyLease(cached);
            }

            Evict((projectId, version), cached);
        }

        var row = await db.ProjectKeys.AsNoTracking()
            .Where(k => k.ProjectId == projectId && k.Version == version)
            .Select(k => new { k.WrappedKey, k.MasterKeyId })
            .SingleOrDefaultAsync(cancellationToken);
        if (row?.WrappedKey is null)
        {
            return null;
        }

        var entry = new CachedDataKey(Unwrap(row.WrappedKey, projectId, version, row.MasterKeyId), now + _lifetime);
        entry.TryAcquire();
        if (_lifetime <= TimeSpan.Zero || !_unwrapped.TryAdd((projectId, version), entry))
        {
            // Not cached (caching is off, or a concurrent request cached its own copy first): this lease is the only
            // reference, so the bytes are zeroed when it ends.
            entry.Release();
        }

        return new DataKeyLease(entry);
    }

    /// <summary>Forgets (and zeroes, once unleased) this node's cached keys of a project, e.g. after it is erased or its key deleted.</summary>
    public void Forget(string projectId)
    {
        foreach (var entry in _unwrapped.Where(e => e.Key.ProjectId == projectId))
        {
            Evict(entry.Key, entry.Value);
        }
    }

    public void Dispose()
    {
        _sweep?.Dispose();
        foreach (var entry in _unwrapped)
        {
            Evict(entry.Key, entry.Value);
        }
    }

    private void ForgetExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _unwrapped.Where(e => e.Value.ExpiresAt <= now))
        {
            Evict(entry.Key, entry.Value);
        }
    }

    private void Evict((string, int) key, CachedDataKey entry)
    {
        // Only the entry that is there: a fresh one cached by another request in between stays.
        if (_unwrapped.TryRemove(new KeyValuePair<(string, int), CachedDataKey>(key, entry)))
        {
            entry.Release();
        }
    }

    private byte[] Unwrap(byte[] wrapped, string projectId, int version, string? masterKeyId)
    {
        var unwrapped = _masterKey.Unwrap(wrapped, projectId, version, masterKeyId);
        try
        {
            var pinned = GC.AllocateUninitializedArray<byte>(unwrapped.Length, pinned: true);
            unwrapped.CopyTo(pinned, 0);
            return pinned;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unwrapped);
        }
    }
}

/// <summary>An unwrapped data key and how many hold it: the cache (while cached) and each lease.</summary>
internal sealed class CachedDataKey(byte[] key, DateTimeOffset expiresAt)
{
    private int _holders = 1;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public ReadOnlySpan<byte> Key => key;

    /// <summary>True when zeroed: for the tests that prove it.</summary>
    internal bool IsZeroed => _holders == 0;

    /// <summary>Takes a hold unless the key was already released by everyone (and zeroed).</summary>
    public bool TryAcquire()
    {
        var holders = Volatile.Read(ref _holders);
        while (holders > 0)
        {
            var seen = Interlocked.CompareExchange(ref _holders, holders + 1, holders);
            if (seen == holders)
            {
                return true;
            }

            holders = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>A data key held for one encryption or decryption; disposing lets go of it.</summary>
internal sealed class DataKeyLease(CachedDataKey entry) : IDisposable
{
    private int _disposed;

    public ReadOnlySpan<byte> Key => entry.Key;

    public string ToBase64() => Convert.ToBase64String(entry.Key);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            entry.Release();
        }
    }
}
