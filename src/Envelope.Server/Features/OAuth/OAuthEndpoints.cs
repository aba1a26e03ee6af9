using System.Security.Claims;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.OAuth;

/// <summary>
/// The browser half of the CLI login: OpenIddict validates the authorization request (client, loopback redirect,
/// PKCE S256) and passes it here; a sign-in form and a consent page (CSRF-protected) lead to the authorization code.
/// </summary>
internal static class OAuthEndpoints
{
    /// <summary>Where every OAuth endpoint lives, OpenIddict's own (authorize, token, revoke) and the sign-in pages.</summary>
    public const string BasePath = "/api/oauth";

    private const string ConsentClaim = "envelope:consent";

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/authorize", Authorize);
        group.MapGet("/login", ShowLogin);
        group.MapPost("/login", SignIn);
        group.MapPost("/consent", Consent);
        group.MapPost("/token", Token);
        return app;
    }

    public static async Task<IResult> Authorize(HttpContext context, EnvelopeDbContext db, IOpenIddictApplicationManager applications, IAntiforgery antiforgery)
    {
        // A request OpenIddict refused (unknown client, a redirect URI it may not use, no PKCE): never redirect it anywhere.
        if (context.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } refused)
        {
            return OAuthPages.Message("This sign-in request cannot be used", $"{refused.ErrorDescription ?? error} ({error})", StatusCodes.Status400BadRequest);
        }

        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not pass an authorization request.");
        var login = await context.AuthenticateAsync(OAuthServiceExtensions.LoginCookieScheme);
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        if (!login.Succeeded || login.Principal.FindFirstValue(Claims.Subject) is not { } userId)
        {
            return TypedResults.Redirect("/api/oauth/login?return_url=" + Uri.EscapeDataString(returnUrl));
        }

        var memberships = await MembershipsAsync(db, userId, context.RequestAborted);
        if (memberships.Count == 0)
        {
            return OAuthPages.Message("No organization", "This account belongs to no organization yet. Ask an owner to add you.", StatusCodes.Status403Forbidden);
        }

        // A decision from the consent page applies once, to this client.
        if (login.Principal.FindFirstValue(ConsentClaim) is { } consent && consent.Split('|') is [var clientId, var decision, var organizationId] && clientId == request.ClientId)
        {
            await context.SignInAsync(OAuthServiceExtensions.LoginCookieScheme, WithoutConsent(login.Principal), login.Properties);
            if (decision != "allow" || memberships.FirstOrDefault(m => m.OrganizationId == organizationId) is not { } membership)
            {
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied access.",
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var email = login.Principal.FindFirstValue(Claims.Email)!;
            return Results.SignIn(AccessPrincipal(userId, email, membership, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
        var clientName = application is null ? request.ClientId! : await applications.GetDisplayNameAsync(application, context.RequestAborted) ?? request.ClientId!;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var organizations = await db.Organizations.Where(o => memberships.Select(m => m.OrganizationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, context.RequestAborted);
        return OAuthPages.Consent(clientName, login.Principal.FindFirstValue(Claims.Email) ?? string.Empty,
            [.. memberships.Select(m => (m.OrganizationId, organizations[m.OrganizationId], Roles.Name(m.Role)))], returnUrl, tokens.FormFieldName, tokens.RequestToken!);
    }

    public static IResult ShowLogin([FromQuery(Name = "return_url")] string? returnUrl, HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return OAuthPages.Login(SafeReturnUrl(returnUrl), tokens.FormFieldName, tokens.RequestToken!, null, null);
    }

    public static Task<IResult> SignIn([FromForm] LoginForm form, HttpContext context, SignInHandler handler) =>
        handler.SignInAsync(form, context);

    public static async Task<IResult> Consent([FromForm] ConsentForm form, HttpContext context)
    {
        var login = await context.AuthenticateAsync(OAuthServiceExtensions.LoginCookieScheme);
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!login.Succeeded)
        {
            return TypedResults.Redirect("/api/oauth/login?return_url=" + Uri.EscapeDataString(returnUrl));
        }

        var clientId = QueryHelpers.ParseQuery(new Uri("http://localhost" + returnUrl).Query).TryGetValue(Parameters.ClientId, out var value) ? value.ToString() : string.Empty;
        var identity = (ClaimsIdentity)WithoutConsent(login.Principal).Identity!;
        identity.AddClaim(new Claim(ConsentClaim, $"{clientId}|{(form.Decision == "allow" ? "allow" : "deny")}|{form.Organization}"));
        await context.SignInAsync(OAuthServiceExtensions.LoginCookieScheme, new ClaimsPrincipal(identity), login.Properties);
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>
    /// Code exchange and refresh: OpenIddict has checked the grant (code, verifier, redirect URI, refresh token reuse);
    /// here the user's membership is read again, so a refreshed token carries the role the user has now, or none.
    /// </summary>
    public static async Task<IResult> Token(HttpContext context, EnvelopeDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not pass a token request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            throw new InvalidOperationException("OpenIddict passed a grant type Envelope does not allow.");
        }

        var granted = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var userId = granted?.FindFirstValue(Claims.Subject);
        var organizationId = granted?.FindFirstValue(EnvelopeClaims.Organization);
        var user = userId is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, context.RequestAborted);
        var membership = user is null ? null : await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == user.Id && m.OrganizationId == organizationId, context.RequestAborted);
        if (user is null || membership is null)
        {
            return InvalidGrant("The user no longer belongs to the organization.");
        }

        if (user.DisabledAt is not null)
        {
            // Disabling revokes the user's tokens already; this also refuses a code issued a moment before.
            return InvalidGrant("The account is disabled.");
        }

        return Results.SignIn(AccessPrincipal(user.Id, user.Email, membership, granted!.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult InvalidGrant(string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The claims of an access token: who, which organization, and only the abilities of the user's role there.</summary>
    private static ClaimsPrincipal AccessPrincipal(string userId, string email, Membership membership, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        UserClaims.Add(identity, userId, email, membership);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return principal;
    }

    private static Task<List<Membership>> MembershipsAsync(EnvelopeDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.OrganizationId).ToListAsync(cancellationToken);

    private static ClaimsPrincipal WithoutConsent(ClaimsPrincipal principal) =>
        new(new ClaimsIdentity(principal.Claims.Where(c => c.Type != ConsentClaim), OAuthServiceExtensions.LoginCookieScheme));

    /// <summary>Only the authorization endpoint and the console may follow a sign-in: never another site.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null && (returnUrl.StartsWith("/api/oauth/authorize?", StringComparison.Ordinal) || Console.ConsoleSession.Targets(returnUrl))
            ? returnUrl
            : "/console";
}
