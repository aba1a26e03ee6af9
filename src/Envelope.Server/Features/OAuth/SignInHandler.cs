using System.Globalization;
using System.Security.Claims;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Sessions;
using Envelope.Server.Features.Users;
using Envelope.Server.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.OAuth;

/// <summary>
/// The login form's post, for the CLI and the console alike: throttle (per account and address, before any password
/// work), bounded password check, audit, then the login cookie (and the console session when the console asked).
/// An unknown address and a wrong password take the same path: the decoy hash is checked once, the same failure is
/// counted and the same page comes back.
/// </summary>
internal sealed class SignInHandler(
    EnvelopeDbContext db, IAntiforgery antiforgery, TimeProvider time, SignInThrottle throttle, PasswordHashing hashing, ConsoleSessions sessions,
    AuditKey auditKey, ILogger<SignInHandler> logger)
{
    public async Task<IResult> SignInAsync(LoginForm form, HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var email = UserAccounts.Normalize(form.Email ?? string.Empty);
        var address = RateLimitMiddleware.ClientAddress(context);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);

        if (await throttle.CheckAsync(email, address, cancellationToken) is { } block)
        {
            await SignInAudit.RecordAsync(db, time, auditKey, logger, email, user?.Id, address, block.Locked ? SignInOutcome.Locked : SignInOutcome.Throttled, cancellationToken);
            context.Response.Headers.RetryAfter = block.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            var message = block.Locked
                ? $"Too many failed sign-ins: signing in is locked for {Minutes(block.RetryAfterSeconds)}. Try again later."
                : $"Too many failed sign-ins. Wait {block.RetryAfterSeconds} seconds before trying again.";
            return Page(form, context, message, StatusCodes.Status429TooManyRequests);
        }

        // The decoy keeps an unknown address as slow as a wrong password, so timing does not reveal accounts.
        var verified = await hashing.VerifyAsync(form.Password ?? string.Empty, user?.PasswordHash ?? PasswordHasher.Decoy, cancellationToken);
        if (verified is null)
        {
            context.Response.Headers.RetryAfter = PasswordHashing.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Page(form, context, "The server is busy signing other people in. Try again in a moment.", StatusCodes.Status503ServiceUnavailable);
        }

        if (verified is not true || user is null)
        {
            await throttle.FailedAsync(email, address, cancellationToken);
            await SignInAudit.RecordAsync(db, time, auditKey, logger, email, user?.Id, address, SignInOutcome.WrongCredentials, cancellationToken);
            return Page(form, context, "Wrong email or password.", StatusCodes.Status401Unauthorized);
        }

        if (user.DisabledAt is not null)
        {
            // Said plainly, since only the right password gets this far. Not a success: the throttle's failures stand.
            await SignInAudit.RecordAsync(db, time, auditKey, logger, email, user.Id, address, SignInOutcome.Disabled, cancellationToken);
            return Page(form, context, "This account is disabled. Ask the server's operator to enable it.", StatusCodes.Status403Forbidden);
        }

        await throttle.SucceededAsync(email, cancellationToken);
        await SignInAudit.RecordAsync(db, time, auditKey, logger, email, user.Id, address, SignInOutcome.Succeeded, cancellationToken);
        var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Id), new Claim(Claims.Email, user.Email)], OAuthServiceExtensions.LoginCookieScheme);
        await context.SignInAsync(OAuthServiceExtensions.LoginCookieScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = time.GetUtcNow(), ExpiresUtc = time.GetUtcNow().AddMinutes(10) });
        if (Console.ConsoleSession.Targets(form.ReturnUrl))
        {
            await Console.ConsoleSession.SignInAsync(context, user.Id, user.Email, await sessions.StartAsync(user.Id, context, cancellationToken));
        }

        return TypedResults.Redirect(OAuthEndpoints.SafeReturnUrl(form.ReturnUrl));
    }

    private IResult Page(LoginForm form, HttpContext context, string message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return OAuthPages.Login(OAuthEndpoints.SafeReturnUrl(form.ReturnUrl), tokens.FormFieldName, tokens.RequestToken!, message, form.Email, status);
    }

    private static string Minutes(int seconds) => seconds <= 60 ? "a minute" : $"{(seconds + 59) / 60} minutes";
}
