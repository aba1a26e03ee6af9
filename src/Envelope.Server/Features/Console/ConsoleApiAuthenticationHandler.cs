using System.Security.Claims;
using System.Text.Encodings.Web;
using Envelope.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Console;

/// <summary>
/// Authenticates API requests the console sends with its session cookie, as the signed-in user in the organization of
/// the request's path. For an organization the user does not belong to, the principal is that of one they do belong
/// to, so the organization scope answers 404 exactly as it does for another organization's token.
/// </summary>
internal sealed class ConsoleApiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, EnvelopeDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (await ConsoleSession.CurrentAsync(Context) is not { } session
            || session.FindFirstValue(Claims.Subject) is not { } userId
            || session.FindFirstValue(Claims.Email) is not { } email
            || session.FindFirstValue(ConsoleSession.SessionClaim) is not { } sessionId)
        {
            return AuthenticateResult.NoResult();
        }

        var organization = Context.GetRouteValue("org") as string;
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.OrganizationId).ToListAsync(Context.RequestAborted);
        var membership = memberships.FirstOrDefault(m => string.Equals(m.OrganizationId, organization, StringComparison.OrdinalIgnoreCase))
            ?? memberships.FirstOrDefault();
        if (membership is null)
        {
            return AuthenticateResult.Fail("The signed-in user belongs to no organization.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ConsoleSession.ApiPrincipal(userId, email, sessionId, membership), ConsoleSession.ApiScheme));
    }
}
