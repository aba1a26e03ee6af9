using System.Globalization;
using System.Reflection;
using System.Security.Claims;

namespace Envelope.Server.Auth;

/// <summary>The authenticated principal of a request, bound straight into endpoint handlers.</summary>
internal sealed record Caller(
    string OrganizationId,
    string TokenId,
    string TokenName,
    IReadOnlySet<string> Abilities,
    IReadOnlySet<string>? ProjectIds,
    bool IsOwner,
    DateTimeOffset? ExpiresAt,
    string? UserId = null,
    string? Role = null)
{
    /// <summary>True for a person signed in through OAuth, false for an API token.</summary>
    public bool IsUser => UserId is not null;

    public bool Has(string ability) => Abilities.Contains(ability);

    /// <summary>False for projects outside a restricted token's list; callers answer 404 so existence does not leak.</summary>
    public bool CanReach(string projectId) => ProjectIds is null || ProjectIds.Contains(projectId);

    public bool IsProjectRestricted => ProjectIds is not null;

    public static Caller FromPrincipal(ClaimsPrincipal user)
    {
        string Single(string type) =>
            user.FindFirstValue(type) ?? throw new InvalidOperationException($"The principal has no {type} claim.");

        var restricted = user.HasClaim(EnvelopeClaims.ProjectRestricted, "true");
        var expires = user.FindFirstValue(EnvelopeClaims.ExpiresAt);
        return new Caller(
            Single(EnvelopeClaims.Organization),
            Single(EnvelopeClaims.Token),
            Single(EnvelopeClaims.TokenName),
            user.FindAll(EnvelopeClaims.Ability).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            restricted ? user.FindAll(EnvelopeClaims.Project).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) : null,
            user.HasClaim(EnvelopeClaims.Owner, "true"),
            expires is null ? null : DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture),
            user.FindFirstValue(EnvelopeClaims.User),
            user.FindFirstValue(EnvelopeClaims.Role));
    }

    /// <summary>The request's caller, read from its principal once and kept for the rest of the request.</summary>
    public static Caller Of(HttpContext context)
    {
        if (context.Items[typeof(Caller)] is not Caller caller)
        {
            caller = FromPrincipal(context.User);
            context.Items[typeof(Caller)] = caller;
        }

        return caller;
    }

    public static ValueTask<Caller> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(Of(context));
}
