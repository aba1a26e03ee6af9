namespace Envelope.Client.Models;

/// <summary>What the API token in use authenticates as (<c>GET /api/v1/me</c>).</summary>
public sealed class TokenIdentity
{
    /// <summary>The token's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The token's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The one organization the token belongs to.</summary>
    public OrganizationSummary Organization { get; init; } = new();

    /// <summary>The abilities the token holds, such as <c>secret:read</c>.</summary>
    public IReadOnlyList<string> Abilities { get; init; } = [];

    /// <summary>The project slugs the token is restricted to, or <see langword="null"/> when it reaches every project.</summary>
    public IReadOnlyList<string>? Projects { get; init; }

    /// <summary>When the token expires, or <see langword="null"/> when it does not.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
