namespace Envelope.Cli.OAuth;

/// <summary>An access token, when it stops being accepted, and the refresh token that gets the next one.</summary>
internal sealed record OAuthTokens(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken);
