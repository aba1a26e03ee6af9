namespace Envelope.Cli.OAuth;

/// <summary>The token endpoint's answer (RFC 6749 §5.1 and §5.2), or the API's error body when rate limited.</summary>
internal sealed class OAuthTokenResponse
{
    public string? AccessToken { get; init; }

    public string? TokenType { get; init; }

    public int? ExpiresIn { get; init; }

    public string? RefreshToken { get; init; }

    public string? Error { get; init; }

    public string? ErrorDescription { get; init; }

    public string? Message { get; init; }
}
