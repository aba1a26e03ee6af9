using System.Globalization;
using System.Net;
using System.Text.Json;
using Envelope.Cli.Output;

namespace Envelope.Cli.OAuth;

/// <summary>
/// The CLI as the public OAuth client <c>envelope-cli</c> of the server (docs/users.md): the authorization URL, the
/// code exchange with the PKCE verifier, refreshes, and revocation at logout. Refresh tokens roll: each refresh returns the next one, and the
/// caller must store it before using the new access token.
/// </summary>
internal sealed class OAuthEndpointClient(Uri server, TimeProvider time) : IDisposable
{
    public const string ClientId = "envelope-cli";

    // offline_access asks for a refresh token, so that a login lasts 30 days rather than the access token's 15 minutes.
    public const string Scope = "offline_access";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri AuthorizeUrl(Uri redirectUri, Pkce pkce, string state)
    {
        var query = string.Join("&",
            $"client_id={ClientId}",
            "response_type=code",
            $"scope={Scope}",
            $"redirect_uri={Uri.EscapeDataString(redirectUri.ToString())}",
            $"code_challenge={pkce.Challenge}",
            $"code_challenge_method={Pkce.Method}",
            $"state={Uri.EscapeDataString(state)}");
        return new Uri(Endpoint("authorize") + "?" + query);
    }

    public Task<OAuthTokens> ExchangeCodeAsync(string code, Uri redirectUri, Pkce pkce, CancellationToken cancellationToken) =>
        RequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = ClientId,
            ["code_verifier"] = pkce.Verifier,
            ["redirect_uri"] = redirectUri.ToString(),
        }, cancellationToken);

    public Task<OAuthTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        RequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = ClientId,
        }, cancellationToken);

    /// <summary>
    /// RFC 7009 revocation. The server answers 200 for a token it revoked and for one it does not know (already revoked
    /// or expired), so that a second logout is not an error; anything else throws.
    /// </summary>
    public async Task RevokeAsync(string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
            ["client_id"] = ClientId,
        });
        using var response = await _http.PostAsync(new Uri(Endpoint("revoke")), content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var after = response.Headers.RetryAfter?.Delta is { } delta ? string.Create(CultureInfo.InvariantCulture, $" Retry after {Math.Ceiling(delta.TotalSeconds)} s.") : "";
            throw new CliException(ExitCodes.RateLimited, "rate_limited", $"The server's revocation endpoint is rate limited.{after}");
        }

        OAuthTokenResponse? body = null;
        try
        {
            body = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), CliJson.Default.OAuthTokenResponse);
        }
        catch (JsonException)
        {
        }

        var exitCode = response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            ? ExitCodes.Network
            : ExitCodes.Error;
        throw new CliException(exitCode, body?.Error ?? "unexpected_response",
            $"The server refused the revocation: {body?.ErrorDescription ?? body?.Message ?? $"HTTP {(int)response.StatusCode}"}");
    }

    public void Dispose() => _http.Dispose();

    private string Endpoint(string name) => server.AbsoluteUri.TrimEnd('/') + "/api/oauth/" + name;

    private async Task<OAuthTokens> RequestAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(Endpoint("token")), content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        OAuthTokenResponse? body = null;
        try
        {
            body = JsonSerializer.Deserialize(text, CliJson.Default.OAuthTokenResponse);
        }
        catch (JsonException)
        {
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var after = response.Headers.RetryAfter?.Delta is { } delta ? string.Create(CultureInfo.InvariantCulture, $" Retry after {Math.Ceiling(delta.TotalSeconds)} s.") : "";
            throw new CliException(ExitCodes.RateLimited, "rate_limited", $"The server's token endpoint is rate limited.{after}");
        }

        if (!response.IsSuccessStatusCode || body?.AccessToken is not { Length: > 0 } accessToken)
        {
            // invalid_grant: a used, expired or revoked code or refresh token, or a user no longer in the organization.
            var error = body?.Error ?? "unexpected_response";
            var description = body?.ErrorDescription ?? body?.Message ?? $"HTTP {(int)response.StatusCode}";
            var exitCode = error is "invalid_grant" or "invalid_client" or "unauthorized_client" ? ExitCodes.Unauthenticated : ExitCodes.Error;
            throw new CliException(exitCode, error, $"The server refused the sign-in: {description} Run 'envelope login' again.");
        }

        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn ?? 0);
        return new OAuthTokens(accessToken, time.GetUtcNow() + lifetime, body.RefreshToken);
    }
}
