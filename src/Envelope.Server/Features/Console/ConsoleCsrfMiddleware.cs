using Microsoft.AspNetCore.Antiforgery;

namespace Envelope.Server.Features.Console;

/// <summary>
/// A change the console asks the API for must carry the page's antiforgery token in <c>X-CSRF-Token</c>. The session
/// cookie is SameSite=Strict already; the token also covers browsers that ignore SameSite. Bearer requests are not
/// affected: a cross-site page cannot attach a bearer header.
/// </summary>
internal sealed class ConsoleCsrfMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.User.Identity?.AuthenticationType == ConsoleSession.ApiScheme
            && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
            && !await antiforgery.IsRequestValidAsync(context))
        {
            await ApiErrors.Forbidden("csrf_token_invalid", $"Console requests that change data need the page's {ConsoleSession.CsrfHeader} header.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
