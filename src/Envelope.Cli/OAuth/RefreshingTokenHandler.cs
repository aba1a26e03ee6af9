using System.Net;
using System.Net.Http.Headers;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.OAuth;

/// <summary>
/// The innermost handler of a session logged in through the browser: it puts the current access token on each request,
/// refreshes it shortly before it expires (or once after a 401, in case the clocks disagree), and stores the rolled
/// refresh token at once, because the previous one is spent and presenting it again would end the login.
/// </summary>
internal sealed class RefreshingTokenHandler : DelegatingHandler
{
    // Refreshed this long before the expiry, so that a request does not leave valid and arrive expired.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    private readonly CredentialStore _store;
    private readonly OAuthEndpointClient _oauth;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private StoredCredentials _credentials;

    public RefreshingTokenHandler(StoredCredentials credentials, CredentialStore store, TimeProvider time)
        : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        _credentials = credentials;
        _store = store;
        _time = time;
        _oauth = new OAuthEndpointClient(new Uri(credentials.Server), time);
    }

    /// <summary>The access token now in use (after any refresh).</summary>
    public string AccessToken => _credentials.Token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var used = _credentials;
        if (used.AccessTokenExpiresAt is { } expires && expires - Margin <= _time.GetUtcNow())
        {
            used = await RefreshAsync(used, cancellationToken).ConfigureAwait(false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used.Token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || used.RefreshToken is null)
        {
            return response;
        }

        response.Dispose();
        used = await RefreshAsync(used, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", used.Token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _oauth.Dispose();
            _refreshing.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<StoredCredentials> RefreshAsync(StoredCredentials seen, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request refreshed while this one waited: use its token rather than spend the refresh token twice.
            if (!ReferenceEquals(seen, _credentials))
            {
                return _credentials;
            }

            var refreshToken = seen.RefreshToken
                ?? throw new CliException(ExitCodes.Unauthenticated, "session_expired", "The browser login has expired. Run 'envelope login' again.");
            var tokens = await _oauth.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
            var next = seen with
            {
                Token = tokens.AccessToken,
                AccessTokenExpiresAt = tokens.ExpiresAt,
                RefreshToken = tokens.RefreshToken ?? seen.RefreshToken,
            };
            _store.Write(next);
            _credentials = next;
            return next;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
