using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Envelope.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer envl_…</c> by the token's SHA-256.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenCache cache,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = CallerSchemes.ApiToken;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var value = header.Count == 1 ? header[0] : null;
        if (value is null || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Unsupported authorization header.");
        }

        var token = value["Bearer ".Length..].Trim();
        if (!ApiTokenSecret.HasValidShape(token))
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        var hash = ApiTokenSecret.Hash(token);
        if (!cache.TryGet(hash, out var validated))
        {
            // Resolved only on a cache miss: most requests never need a DbContext here.
            var db = Context.RequestServices.GetRequiredService<EnvelopeDbContext>();
            var row = await db.ApiTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.RevokedAt == null)
                .Select(t => new AuthenticatedToken(
                    t.Id, t.Name, t.OrganizationId, t.Abilities, t.IsOwner, t.IsProjectRestricted, t.ExpiresAt,
                    t.Projects.Select(p => p.ProjectId).ToList(), t.LastUsedAt))
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (row is not null)
            {
                await NoteUseAsync(db, row);
                var principal = Principal(row);
                validated = new ValidatedToken(row, principal, Caller.FromPrincipal(principal));
                cache.Set(hash, validated);
            }
        }

        // The lookup is by hash, so comparing in constant time gains nothing: the database never sees the plaintext.
        if (validated is null || (validated.Row.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow()))
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        }

        Context.Items[typeof(Caller)] = validated.Caller;
        return AuthenticateResult.Success(new AuthenticationTicket(validated.Principal, SchemeName));
    }

    /// <summary>
    /// Records when the token was last used, to the hour, so <c>envelope tokens list</c> can point at unused tokens.
    /// Checked only on a cache miss and written at most once an hour: authentication stays a read.
    /// </summary>
    private async Task NoteUseAsync(EnvelopeDbContext db, AuthenticatedToken row)
    {
        var now = time.GetUtcNow();
        if (row.LastUsedAt is { } last && last > now - LastUseResolution)
        {
            return;
        }

        try
        {
            await db.ApiTokens.Where(t => t.Id == row.Id && (t.LastUsedAt == null || t.LastUsedAt < now - LastUseResolution))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        catch (System.Data.Common.DbException)
        {
            // A busy database costs the token its last-use time for this hour, never its request.
        }
    }

    private static readonly TimeSpan LastUseResolution = TimeSpan.FromHours(1);

    private static ClaimsPrincipal Principal(AuthenticatedToken row)
    {
        var claims = new List<Claim>
        {
            new(EnvelopeClaims.Organization, row.OrganizationId),
            new(EnvelopeClaims.Token, row.Id),
            new(EnvelopeClaims.TokenName, row.Name),
        };
        claims.AddRange(row.Abilities.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => new Claim(EnvelopeClaims.Ability, a)));
        if (row.IsProjectRestricted)
        {
            claims.Add(new Claim(EnvelopeClaims.ProjectRestricted, "true"));
            claims.AddRange(row.Projects.Select(p => new Claim(EnvelopeClaims.Project, p)));
        }

        if (row.IsOwner)
        {
            claims.Add(new Claim(EnvelopeClaims.Owner, "true"));
        }

        if (row.ExpiresAt is { } expiry)
        {
            claims.Add(new Claim(EnvelopeClaims.ExpiresAt, expiry.ToString("O", CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiErrors.Unauthenticated().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // Name the first ability the endpoint needs that this token lacks.
        var missing = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<RequiredAbility>()
            .FirstOrDefault(required => !Context.User.HasClaim(EnvelopeClaims.Ability, required.Ability));
        return ApiErrors.InsufficientPermissions(missing?.Ability).ExecuteAsync(Context);
    }
}
