using Envelope.Server.Auth;
using Envelope.Server.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Sessions;

/// <summary>
/// Remembers, per process, whether a console session's row still allows it, for as long as an API token is trusted
/// without reading its row (<see cref="ApiTokenCacheOptions"/>): a cookie costs no database read per request, and a
/// revocation on another node takes effect here within that lifetime. The node that revokes forgets at once.
/// </summary>
internal sealed class SessionCache(IMemoryCache cache, IOptions<ApiTokenCacheOptions> options, TimeProvider time)
{
    // The owner of an active session, or null for a missing, revoked or disabled one; checked at the server's clock, so
    // the lifetime holds under a test's fake time as well as the memory cache's own expiry.
    private sealed record Entry(string? ActiveUserId, DateTimeOffset CheckedAt);

    public async Task<bool> IsActiveAsync(string sessionId, string userId, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(options.Value.Seconds);
        if (cache.TryGetValue(Key(sessionId), out Entry? entry) && entry is not null && now - entry.CheckedAt < lifetime)
        {
            return entry.ActiveUserId == userId;
        }

        var active = await db.ConsoleSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .Join(db.Users.Where(u => u.DisabledAt == null), s => s.UserId, u => u.Id, (s, u) => u.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(Key(sessionId), new Entry(active, now), lifetime);
        }

        return active == userId;
    }

    public void Forget(string sessionId) => cache.Remove(Key(sessionId));

    private static string Key(string sessionId) => "console-session:" + sessionId;
}
