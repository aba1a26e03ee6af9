namespace Envelope.Client.Models;

/// <summary>A new API token with its plaintext, which is shown only once: store it now.</summary>
public sealed class CreatedToken
{
    /// <summary>The token's id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The token's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The plaintext token (<c>envl_</c> and 40 characters).</summary>
    public string Token { get; init; } = "";

    /// <summary>The abilities the token holds.</summary>
    public IReadOnlyList<string> Abilities { get; init; } = [];

    /// <summary>The project slugs the token is restricted to, or <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Projects { get; init; }

    /// <summary>When the token expires, if it does.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the token was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
