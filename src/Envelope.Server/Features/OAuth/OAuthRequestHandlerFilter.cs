using Envelope.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Envelope.Server.Features.OAuth;

/// <summary>
/// Keeps OpenIddict's handlers out of requests they have nothing to do with. The authentication middleware offers every
/// request to each scheme that can answer requests itself, and OpenIddict's server and validation handlers then build a
/// transaction and infer, by comparing absolute URIs, whether the request is theirs: a sixth of a cached secret read
/// that was never an OAuth request. Here the server's handler is offered only the OAuth endpoints' paths, and the
/// validation handler only the requests whose bearer token it is the one to check (<see cref="CallerSchemes.Select"/>).
/// </summary>
/// <remarks>
/// The middleware's offer is the only way either scheme is reached off those requests: the server scheme is used by
/// the OAuth endpoints alone, and the validation scheme only through the caller selector. Every other scheme, and both
/// of these where they apply, resolve as before.
/// </remarks>
internal sealed class OAuthRequestHandlerFilter(AuthenticationHandlerProvider handlers) : IAuthenticationHandlerProvider
{
    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        authenticationScheme switch
        {
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme when !IsOAuthPath(context.Request.Path) => Task.FromResult<IAuthenticationHandler?>(null),
            OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                when CallerSchemes.Select(context) != OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                => Task.FromResult<IAuthenticationHandler?>(null),
            _ => handlers.GetHandlerAsync(context, authenticationScheme),
        };

    private static bool IsOAuthPath(PathString path) =>
        path.StartsWithSegments(OAuthEndpoints.BasePath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase);
}
