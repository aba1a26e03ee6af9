using System.Security.Claims;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Sessions;
using Envelope.Server.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Console;

/// <summary>
/// The web console's sign-in: a cookie session (HttpOnly, SameSite=Strict, sliding idle timeout) holding who signed in
/// and the id of the session's row (Features/Sessions). Abilities are not in the cookie: each API request reads the
/// user's membership of the organization in its path, so a changed role or a removed member takes effect on the next
/// request. A cookie whose row is revoked or missing, or that names no row (issued before sessions were rows), is
/// refused: its holder signs in again.
/// </summary>
internal static class ConsoleSession
{
    public const string CookieScheme = CallerSchemes.ConsoleCookie;
    public const string ApiScheme = CallerSchemes.ConsoleApi;
    public const string CookieName = CallerSchemes.ConsoleCookieName;
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The claim holding the id of the session's row.</summary>
    public const string SessionClaim = "envelope_session";

    public static bool Targets(string? returnUrl) =>
        returnUrl is not null && (returnUrl == "/console" || returnUrl.StartsWith("/console/", StringComparison.Ordinal));

    public static ClaimsPrincipal Principal(string userId, string email, string sessionId) =>
        new(new ClaimsIdentity([new Claim(Claims.Subject, userId), new Claim(Claims.Email, email), new Claim(SessionClaim, sessionId)], CookieScheme));

    public static Task SignInAsync(HttpContext context, string userId, string email, string sessionId) =>
        context.SignInAsync(CookieScheme, Principal(userId, email, sessionId));

    public static async Task<ClaimsPrincipal?> CurrentAsync(HttpContext context)
    {
        var session = await context.AuthenticateAsync(CookieScheme);
        return session.Succeeded ? session.Principal : null;
    }

    public static void ConfigureCookie(CookieAuthenticationOptions options, TimeSpan idleTimeout)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        // HTTPS is required outside loopback (HttpsRequirementMiddleware), so the cookie is Secure wherever it can be.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = idleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = "/api/oauth/login";
        options.ReturnUrlParameter = "return_url";
        options.Events.OnValidatePrincipal = async context =>
        {
            // A revoked session, a disabled or deleted user: the cookie ends, whatever it says, within the cache's lifetime.
            var services = context.HttpContext.RequestServices;
            var userId = context.Principal?.FindFirstValue(Claims.Subject);
            var sessionId = context.Principal?.FindFirstValue(SessionClaim);
            if (userId is null || sessionId is null
                || !await services.GetRequiredService<SessionCache>().IsActiveAsync(
                    sessionId, userId, services.GetRequiredService<EnvelopeDbContext>(), context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieScheme);
                return;
            }

            services.GetRequiredService<SessionActivity>().Seen(sessionId, services.GetRequiredService<TimeProvider>().GetUtcNow());
        };
    }

    /// <summary>The API principal of a signed-in user in one organization: the same claims as an OAuth access token.</summary>
    public static ClaimsPrincipal ApiPrincipal(string userId, string email, string sessionId, Data.Entities.Membership membership)
    {
        var identity = new ClaimsIdentity(ApiScheme, Claims.Name, Claims.Role);
        UserClaims.Add(identity, userId, email, membership);
        identity.AddClaim(new Claim(SessionClaim, sessionId));
        return new ClaimsPrincipal(identity);
    }
}
