using System.Security.Claims;
using Envelope.Server.Data;
using Envelope.Server.Features.OAuth;
using Envelope.Server.Features.Sessions;
using Envelope.Server.Features.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Console;

internal sealed record ConsoleOrganization(string Id, string Name, string Role, IReadOnlyList<string> Abilities);

internal sealed record ConsoleSessionResponse(string Email, string CsrfHeader, string CsrfToken, IReadOnlyList<ConsoleOrganization> Organizations);

/// <summary>
/// The console's server side: one HTML shell for every console address (the pages are drawn by its script, from the
/// public API), the session the script starts from, and sign-out. Signing in is the OAuth login page.
/// </summary>
internal static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").AllowAnonymous().ExcludeFromDescription();
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop its result.
        console.MapGet("/", (Delegate)Shell);
        console.MapGet("/{**path}", (Delegate)Shell);
        console.MapGet("/session", Session);
        console.MapPost("/logout", SignOut);
        app.MapGet("/", () => TypedResults.Redirect("/console")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> Shell(HttpContext context)
    {
        if (await ConsoleSession.CurrentAsync(context) is null)
        {
            return TypedResults.Redirect("/api/oauth/login?return_url=" + Uri.EscapeDataString(context.Request.Path));
        }

        var shell = ConsoleServiceExtensions.Assets.GetFileInfo("console/index.html");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(shell.CreateReadStream(), "text/html; charset=utf-8");
    }

    public static async Task<IResult> Session(HttpContext context, EnvelopeDbContext db, IAntiforgery antiforgery)
    {
        if (await ConsoleSession.CurrentAsync(context) is not { } session || session.FindFirstValue(Claims.Subject) is not { } userId)
        {
            return ApiErrors.Unauthenticated();
        }

        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, o.Id, o.Name })
            .OrderBy(m => m.Name).ToListAsync(context.RequestAborted);
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ConsoleSessionResponse(
            session.FindFirstValue(Claims.Email) ?? string.Empty,
            ConsoleSession.CsrfHeader,
            tokens.RequestToken!,
            [.. memberships.Select(m => new ConsoleOrganization(m.Id, m.Name, Roles.Name(m.Role), Roles.AbilitiesOf(m.Role)))]));
    }

    public static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, EnvelopeDbContext db, ConsoleSessions sessions)
    {
        if (await ConsoleSession.CurrentAsync(context) is not { } current)
        {
            return TypedResults.NoContent();
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return ApiErrors.Forbidden("csrf_token_invalid", $"Signing out needs the page's {ConsoleSession.CsrfHeader} header.");
        }

        // The row ends too: a copy of the cookie kept elsewhere stops working as well.
        var sessionId = current.FindFirstValue(ConsoleSession.SessionClaim);
        if (await db.ConsoleSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null, context.RequestAborted) is { } row)
        {
            sessions.Revoke(row, RevokeReasons.SignedOut);
            await sessions.SaveAsync([row], context.RequestAborted);
        }

        await context.SignOutAsync(ConsoleSession.CookieScheme);
        await context.SignOutAsync(OAuthServiceExtensions.LoginCookieScheme);
        return TypedResults.NoContent();
    }
}
