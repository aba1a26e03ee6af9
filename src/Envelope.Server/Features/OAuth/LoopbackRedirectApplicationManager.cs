using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Envelope.Server.Features.OAuth;

/// <summary>
/// RFC 8252 §7.3: a native app listens on whatever loopback port the system gives it, so a registered loopback
/// redirect URI (<c>http://127.0.0.1/callback</c>) matches any port; everything else must match exactly.
/// </summary>
internal sealed class LoopbackRedirectApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(TApplication application, string uri, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken))
        {
            return true;
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var requested) || !IsLoopbackHttp(requested))
        {
            return false;
        }

        foreach (var registered in await GetRedirectUrisAsync(application, cancellationToken))
        {
            if (Uri.TryCreate(registered, UriKind.Absolute, out var allowed) && IsLoopbackHttp(allowed)
                && allowed.Host == requested.Host
                && allowed.AbsolutePath == requested.AbsolutePath
                && string.IsNullOrEmpty(requested.Query) && string.IsNullOrEmpty(requested.Fragment))
            {
                return true;
            }
        }

        return false;
    }

    // Loopback IP literals only: "localhost" can be re-pointed by the hosts file (RFC 8252 §8.3).
    private static bool IsLoopbackHttp(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttp && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(uri.Host.Trim('[', ']')));
}
