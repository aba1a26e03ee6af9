namespace Envelope.Cli.Configuration;

/// <summary>
/// What <c>envelope login</c> keeps: one server, its token and the token's organization. A browser login also keeps
/// the access token's expiry and the refresh token that renews it.
/// </summary>
internal sealed record StoredCredentials
{
    public required string Server { get; init; }

    /// <summary>An API token (<c>envl_…</c>), or the OAuth access token of a browser login.</summary>
    public required string Token { get; init; }

    public required string Organization { get; init; }

    public string? OrganizationName { get; init; }

    public string? TokenName { get; init; }

    /// <summary>When the access token of a browser login stops being accepted; null for an API token.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>The refresh token of a browser login (it rolls: each refresh replaces it).</summary>
    public string? RefreshToken { get; init; }
}
