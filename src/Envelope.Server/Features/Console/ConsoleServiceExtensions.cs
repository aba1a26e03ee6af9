using Envelope.Server.Features.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Console;

internal static class ConsoleServiceExtensions
{
    /// <summary>The console's files (wwwroot), embedded in the server's assembly.</summary>
    public static readonly IFileProvider Assets = new ManifestEmbeddedFileProvider(typeof(ConsoleServiceExtensions).Assembly, "wwwroot");

    /// <summary>The console's script and styles: public, never secret, and revalidated on each load so an upgrade shows at once.</summary>
    public static IApplicationBuilder UseConsoleAssets(this IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        FileProvider = Assets,
        OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
    });

    public static IServiceCollection AddEnvelopeConsole(this IServiceCollection services)
    {
        services.AddSettings<ConsoleOptions>();
        services.AddConsoleSessions();
        services.AddAuthentication()
            .AddCookie(ConsoleSession.CookieScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ConsoleApiAuthenticationHandler>(ConsoleSession.ApiScheme, null);
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(ConsoleSession.CookieScheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => ConsoleSession.ConfigureCookie(cookie, TimeSpan.FromMinutes(console.Value.IdleMinutes)));
        services.Configure<AntiforgeryOptions>(options => options.HeaderName = ConsoleSession.CsrfHeader);
        return services;
    }

    /// <summary>
    /// Headers that keep pages from being framed or sniffed, on every response. Console pages get a strict
    /// Content-Security-Policy (scripts and styles from this origin only, no inline code); the OAuth pages the same
    /// without form-action, because their forms end in a redirect to the CLI's loopback address.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        var path = context.Request.Path;
        headers.ContentSecurityPolicy = path.StartsWithSegments("/console")
            ? "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
              + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
            : path.StartsWithSegments("/api/oauth")
                ? "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
                : path.StartsWithSegments("/api") ? "default-src 'none'; frame-ancestors 'none'" : headers.ContentSecurityPolicy;
        // Values, keys, proofs and tokens travel in API answers (the OAuth endpoints and the console's session too): no
        // cache, shared or private, may keep one. All of /api, rather than a list that a new endpoint could miss.
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/console/session"))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        return next(context);
    });
}
