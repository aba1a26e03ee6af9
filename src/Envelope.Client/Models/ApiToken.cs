namespace Envelope.Client.Models;

/// <summary>An API token as listed: never its plaintext.</summary>
public sealed class ApiToken
{
    /// <summary>The token's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The token's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The first characters of the token, to recognise it.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>The abilities the token holds.</summary>
    public IReadOnlyList<string> Abilities { get; init; } = [];

    /// <summary>The project slugs the token is restricted to, or <see langword="null"/> when it reaches every project.</summary>
    public IReadOnlyList<string>? Projects { get; init; }

    /// <summary><c>active</c>, <c>expired</c> or <c>revoked</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When the token expires, if it does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the token was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When the token was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the token last authenticated a request (to the minute), or <see langword="null"/> if it never has.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Who created the token, or <see langword="null"/> when that is not known (older tokens, provisioning).</summary>
    public TokenCreator? CreatedBy { get; init; }
}

/// <summary>Who created a token.</summary>
public sealed class TokenCreator
{
    /// <summary><c>user</c> or <c>token</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The creating user's or token's id; <see langword="null"/> for a token the caller may not see.</summary>
    public string? Id { get; init; }
}
