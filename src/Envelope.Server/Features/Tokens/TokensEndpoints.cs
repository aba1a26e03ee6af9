using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Tokens;

internal static class TokensEndpoints
{
    public static RouteGroupBuilder MapTokensEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/tokens").WithTags("Tokens").RequireAbility(Abilities.TokenManage);

        group.MapGet("/", ListTokens).WithName("ListTokens").WithSummary("List API tokens (never their plaintext)");
        group.MapPost("/", CreateToken).WithName("CreateToken").WithSummary("Create an API token; the plaintext is returned once");
        group.MapDelete("/{id}", RevokeToken).WithName("RevokeToken").WithSummary("Revoke an API token");
        return group;
    }

    public static async Task<DataResponse<List<TokenResponse>>> ListTokens(
        Caller caller, PageRequest page, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var slugs = await ProjectSlugsAsync(db, caller, cancellationToken);
        // An organization has tens of tokens, not thousands, and the scope rule is easier to trust written once in C#.
        var tokens = await db.ApiTokens.AsNoTracking().Include(t => t.Projects)
            .Where(t => t.OrganizationId == caller.OrganizationId)
            .OrderByDescending(t => t.Id)
            .ToListAsync(cancellationToken);
        var visible = tokens.Where(t => TokenScope.Covers(caller, t)).ToList();
        var visibleIds = visible.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return page.ToPage(visible.Select(t => ToResponse(t, slugs, now, visibleIds)).ToList());
    }

    public static async Task<Results<Created<DataResponse<CreatedTokenResponse>>, ApiErrorResult>> CreateToken(
        CreateTokenRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var abilities = request.Abilities!.Distinct(StringComparer.Ordinal).ToList();
        if (abilities.Where(a => !Abilities.IsKnown(a)).ToList() is { Count: > 0 } unknown)
        {
            return ApiErrors.Validation("abilities", $"Unknown abilities: {string.Join(", ", unknown)}.");
        }

        if (abilities.Where(a => !caller.Has(a)).ToList() is { Count: > 0 } notHeld)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "A token cannot grant abilities it does not hold.",
                new Dictionary<string, object?> { ["abilities"] = notHeld });
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return ApiErrors.Validation("expires_at", "Must be in the future.");
        }

        if (request.NeverExpires is true && request.ExpiresAt is not null)
        {
            return ApiErrors.Validation("never_expires", "Give either expires_at or never_expires, not both.");
        }

        if (caller.IsProjectRestricted && request.Projects is null)
        {
            return ApiErrors.Validation("projects", "A token restricted to some projects can only create tokens restricted to some of them.");
        }

        var projectIds = new List<string>();
        foreach (var slug in (request.Projects ?? []).Distinct(StringComparer.Ordinal))
        {
            var id = await db.Projects.Where(p => p.OrganizationId == caller.OrganizationId && p.Slug == slug).Select(p => p.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is null || !caller.CanReach(id))
            {
                return ApiErrors.Validation("projects", $"No project '{slug}'.");
            }

            projectIds.Add(id);
        }

        // A token that outlives its purpose is a standing risk: without an explicit choice it gets the organization's default.
        var expiry = request.ExpiresAt?.ToUniversalTime();
        if (expiry is null && request.NeverExpires is not true)
        {
            var days = await db.Organizations.Where(o => o.Id == caller.OrganizationId).Select(o => o.DefaultTokenExpiryDays).SingleAsync(cancellationToken);
            expiry = now.AddDays(days);
        }

        var plaintext = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            Id = Ids.New(time),
            OrganizationId = caller.OrganizationId,
            Name = request.Name!,
            TokenHash = ApiTokenSecret.Hash(plaintext),
            DisplayPrefix = ApiTokenSecret.DisplayPrefix(plaintext),
            Abilities = string.Join(' ', abilities),
            IsProjectRestricted = request.Projects is not null,
            ExpiresAt = expiry,
            CreatedAt = now,
            CreatedByUserId = caller.UserId,
            CreatedByTokenId = caller.IsUser ? null : caller.TokenId,
        };
        token.Projects.AddRange(projectIds.Select(p => new ApiTokenProject { TokenId = token.Id, ProjectId = p }));
        db.ApiTokens.Add(token);
        AuditLog.Record(db, time, caller, AuditActions.TokenCreate, null, token.Id, new { name = token.Name, abilities, projects = request.Projects, expires_at = token.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);

        var response = new CreatedTokenResponse(token.Id, token.Name, plaintext, abilities,
            request.Projects is null ? null : request.Projects.Distinct(StringComparer.Ordinal).ToList(), token.ExpiresAt, token.CreatedAt,
            TokenCreator.Of(token.CreatedByUserId, token.CreatedByTokenId));
        return TypedResults.Created($"/api/v1/{caller.OrganizationId}/tokens/{token.Id}",
            DataResponse.Of(response, "Token created. Store it now: it is not shown again."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> RevokeToken(
        string id, Caller caller, EnvelopeDbContext db, ApiTokenCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.Include(t => t.Projects)
            .SingleOrDefaultAsync(t => t.Id == id && t.OrganizationId == caller.OrganizationId, cancellationToken);
        if (token is null || !TokenScope.Covers(caller, token))
        {
            return ApiErrors.NotFound("token");
        }

        token.RevokedAt ??= time.GetUtcNow();
        AuditLog.Record(db, time, caller, AuditActions.TokenRevoke, null, token.Id, new { name = token.Name });
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(token.TokenHash);
        return TypedResults.NoContent();
    }

    private static Task<Dictionary<string, string>> ProjectSlugsAsync(EnvelopeDbContext db, Caller caller, CancellationToken cancellationToken) =>
        db.Projects.Where(p => p.OrganizationId == caller.OrganizationId).ToDictionaryAsync(p => p.Id, p => p.Slug, cancellationToken);

    private static TokenResponse ToResponse(ApiToken t, Dictionary<string, string> slugs, DateTimeOffset now, HashSet<string> visibleIds) => new(
        t.Id,
        t.Name,
        t.DisplayPrefix,
        t.Abilities.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        t.IsProjectRestricted ? t.Projects.Select(p => slugs.GetValueOrDefault(p.ProjectId, p.ProjectId)).ToList() : null,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt <= now ? "expired" : "active",
        t.ExpiresAt,
        t.RevokedAt,
        t.CreatedAt,
        t.LastUsedAt,
        TokenCreator.Of(t.CreatedByUserId, t.CreatedByTokenId is { } by && !visibleIds.Contains(by) ? null : t.CreatedByTokenId)
            ?? (t.CreatedByTokenId is null ? null : new TokenCreator("token", null)));
}
