using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// Serves unchanged hierarchical reads from memory: the slugs' resolution to a level and each read's rendered response.
/// Nothing is served without a freshness check that every committed write defeats, so a read never returns less than
/// the last acknowledged write (docs/decisions.md):
/// <list type="bullet">
/// <item>SQLite: entries carry a generation taken before they were read, which <see cref="SqliteDataVersion"/> moves on
/// any commit to the file, from this process or another. One pragma, no query.</item>
/// <item>PostgreSQL: levels are resolved from the database on every request (one query, which also reads the key's
/// state), and responses carry the project's <c>secrets_revision</c>, which every secret write bumps in its
/// transaction. Several nodes then need no invalidation messages.</item>
/// </list>
/// Abilities, token revocation and reachable projects are checked on every request before the cache is asked.
/// </summary>
internal sealed class SecretReadCache : IDisposable
{
    private const int LevelEntrySize = 1024;

    private readonly MemoryCache? _cache;
    private readonly SqliteDataVersion? _dataVersion;
    private readonly TimeSpan _lifetime;
    private readonly LastAccessRecorder _access;
    private readonly TimeProvider _time;

    public SecretReadCache(IOptions<SecretReadCacheOptions> options, IOptions<StorageOptions> storage, LastAccessRecorder access, TimeProvider time)
    {
        _access = access;
        _time = time;
        if (options.Value.Seconds == 0)
        {
            return;
        }

        _lifetime = TimeSpan.FromSeconds(options.Value.Seconds);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.Megabytes * 1024L * 1024L });
        if (!storage.Value.IsPostgres)
        {
            _dataVersion = new SqliteDataVersion(storage.Value.SqlitePath);
        }
    }

    /// <summary>
    /// Answers a read from memory alone when its level and response are cached and fresh (SQLite only): the caller's
    /// reach and the key's state are checked as <see cref="SecretLevelResolver.ResolveAsync"/> and
    /// <see cref="SecretReader.Validate"/> would. False when the database must be asked; <paramref name="databaseStamp"/>
    /// is then what that read is to use.
    /// </summary>
    public bool TryAnswer(Caller caller, ILevelRequest slugs, SecretReadOptions options, out IResult? answer, out long? databaseStamp)
    {
        answer = null;
        databaseStamp = DatabaseStamp();
        if (GetLevel(LevelCacheKey.For(caller, slugs), databaseStamp) is not { } level)
        {
            return false;
        }

        options = options.ApplicableTo(level);
        answer = !caller.CanReach(level.Project.Id) ? ApiErrors.NotFound("project") : SecretReader.Validate(level, options);
        if (answer is null && IsCacheable(options) && GetRead(ReadCacheKey.For(level, options), ReadStamp(databaseStamp, level)) is { } read)
        {
            RecordAccess(read.VersionIds);
            answer = read;
        }

        return answer is not null;
    }

    /// <summary>Filtered reads and reads with keys are not kept: the first would multiply entries, the second holds keys.</summary>
    public static bool IsCacheable(SecretReadOptions options) => !options.IncludeKeys && options.Filters is null or { IsEmpty: true };

    /// <summary>Reads, cached or not, count as accesses of the versions they show.</summary>
    public void RecordAccess(long[] versionIds)
    {
        var now = _time.GetUtcNow();
        foreach (var id in versionIds)
        {
            _access.Record(id, now);
        }
    }

    /// <summary>
    /// Taken before a read touches the database. SQLite: the data version (null when the cache is off or it cannot be
    /// read: then nothing is cached). PostgreSQL: always null, levels are resolved fresh.
    /// </summary>
    public long? DatabaseStamp() => _dataVersion?.Current();

    /// <summary>What a read's response is stamped with: the data version on SQLite, the project's revision on PostgreSQL.</summary>
    public long? ReadStamp(long? databaseStamp, ResolvedLevel level) =>
        _cache is null ? null : _dataVersion is null ? level.Project.SecretsRevision : databaseStamp;

    internal ResolvedLevel? GetLevel(LevelCacheKey key, long? databaseStamp) => Get<ResolvedLevel>(key, databaseStamp);

    internal void SetLevel(LevelCacheKey key, long? databaseStamp, ResolvedLevel level) => Set(key, databaseStamp, level, LevelEntrySize);

    internal CachedReadResponse? GetRead(ReadCacheKey key, long? stamp) => Get<CachedReadResponse>(key, stamp);

    internal void SetRead(ReadCacheKey key, long? stamp, CachedReadResponse read) => Set(key, stamp, read, read.Size);

    public void Dispose()
    {
        _cache?.Dispose();
        _dataVersion?.Dispose();
    }

    private T? Get<T>(object key, long? stamp)
        where T : class =>
        stamp is { } wanted && _cache is not null && _cache.TryGetValue(key, out Stamped<T>? entry) && entry!.Stamp == wanted ? entry.Value : null;

    private void Set<T>(object key, long? stamp, T value, long size)
        where T : class
    {
        if (stamp is { } current && _cache is not null)
        {
            _cache.Set(key, new Stamped<T>(current, value), new MemoryCacheEntryOptions { Size = size, AbsoluteExpirationRelativeToNow = _lifetime });
        }
    }

    private sealed record Stamped<T>(long Stamp, T Value);
}
