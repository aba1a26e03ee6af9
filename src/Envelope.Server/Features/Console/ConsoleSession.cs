using System.Security.Claims;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Console;

/// <summary>
/// The web console's sign-in: a cookie session (HttpOnly, SameSite=Strict, sliding idle timeout) holding only who
/// signed in. Abilities are not in the cookie: each API request reads the user's membership of the organization in
/// its path, so a changed role or a removed member takes effect on the next request.
/// </summary>
internal static class ConsoleSession
{
    public const string CookieScheme = CallerSchemes.ConsoleCookie;
    public const string ApiScheme = CallerSchemes.ConsoleApi;
    public const string CookieName = CallerSchemes.ConsoleCookieName;
    public const string CsrfHeader = "X-CSRF-Token";

    public static bool Targets(string? returnUrl) =>
        returnUrl is not null && (returnUrl == "/console" || returnUrl.StartsWith("/console/", StringComparison.Ordinal));

    public static ClaimsPrincipal Principal(string userId, string email) =>
        new(new ClaimsIdentity([new Claim(Claims.Subject, userId), new Claim(Claims.Email, email)], CookieScheme));

    public static Task SignInAsync(HttpContext context, string userId, string email) =>
        context.SignInAsync(CookieScheme, Principal(userId, email));

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
            // A deleted user's session ends at once, whatever the cookie says.
            var userId = context.Principal?.FindFirstValue(Claims.Subject);
            var db = context.HttpContext.RequestServices.GetRequiredService<EnvelopeDbContext>();
            if (userId is null || !await db.Users.AnyAsync(u => u.Id == userId, context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
            }
        };
    }

    /// <summary>The API principal of a signed-in user in one organization: the same claims as an OAuth access token.</summary>
    public static ClaimsPrincipal ApiPrincipal(string userId, string email, Data.Entities.Membership membership)
    {
        var identity = new ClaimsIdentity(ApiScheme, Claims.Name, Claims.Role);
        UserClaims.Add(identity, userId, email, membership);
        return new ClaimsPrincipal(identity);
    }
}
