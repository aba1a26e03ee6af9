using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Auth;

/// <summary>What authenticating a token needs, as read from its row.</summary>
internal sealed record AuthenticatedToken(
    string Id, string Name, string OrganizationId, string Abilities, bool IsOwner, bool IsProjectRestricted, DateTimeOffset? ExpiresAt, List<string> Projects,
    DateTimeOffset? LastUsedAt = null);

/// <summary>A token's row with the principal and caller made from it once.</summary>
internal sealed record ValidatedToken(AuthenticatedToken Row, System.Security.Claims.ClaimsPrincipal Principal, Caller Caller);

/// <summary>
/// Keeps recently validated tokens in memory, keyed by their SHA-256, so an authenticated request does not pay a
/// database round trip for its token (the largest single cost of a read, measured in docs/performance.md).
/// </summary>
/// <remarks>
/// An entry keeps the principal and the <see cref="Caller"/> built from the row as well, so a cached token costs no
/// claims work: both are shared by the requests that present the token and must be treated as immutable.
/// </remarks>
internal sealed class ApiTokenCache(IMemoryCache cache, IOptions<ApiTokenCacheOptions> options)
{
    public bool TryGet(byte[] hash, out ValidatedToken? token) => cache.TryGetValue(Key(hash), out token);

    public void Set(byte[] hash, ValidatedToken token)
    {
        if (options.Value.Seconds > 0)
        {
            cache.Set(Key(hash), token, TimeSpan.FromSeconds(options.Value.Seconds));
        }
    }

    public void Forget(byte[] hash) => cache.Remove(Key(hash));

    private static string Key(byte[] hash) => "api-token:" + Convert.ToHexString(hash);
}
