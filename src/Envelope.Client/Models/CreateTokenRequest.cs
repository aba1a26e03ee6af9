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

    /// <summary>
    /// When the token expires (in the future); <see langword="null"/> for the organization's default lifetime
    /// (90 days unless an owner changed it), or never with <see cref="NeverExpires"/>.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A token that never expires must be asked for explicitly; it cannot be combined with <see cref="ExpiresAt"/>.</summary>
    public bool? NeverExpires { get; init; }
}
