namespace Envelope.Client.Models;

/// <summary>A new API token. A token can grant only abilities it holds, and only projects it reaches.</summary>
public sealed class CreateTokenRequest
{
    /// <summary>The token's name.</summary>
    public required string Name { get; init; }

    /// <summary>The abilities to grant (at least one), such as <c>secret:read</c>.</summary>
    public required IReadOnlyList<string> Abilities { get; init; }

    /// <summary>The project slugs to restrict the token to; <see langword="null"/> for every project.</summary>
    public IReadOnlyList<string>? Projects { get; init; }

    /// <summary>When the token expires (in the future); <see langword="null"/> for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
