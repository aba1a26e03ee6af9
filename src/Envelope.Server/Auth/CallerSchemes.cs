using OpenIddict.Validation.AspNetCore;

namespace Envelope.Server.Auth;

/// <summary>
/// The ways a caller can arrive, and which one authenticates a request. Auth owns the choice; the features behind the
/// other ways (the console's session, the OAuth server) register their handlers under the names given here.
/// </summary>
internal static class CallerSchemes
{
    /// <summary>The default scheme: forwards each request to the one that authenticates its caller.</summary>
    public const string Envelope = "Envelope";

    /// <summary>An API token (<c>envl_…</c>) in the bearer header.</summary>
    public const string ApiToken = "ApiToken";

    /// <summary>An API request from the web console, authenticated by its session cookie.</summary>
    public const string ConsoleApi = "EnvelopeConsoleApi";

    /// <summary>The web console's session cookie itself.</summary>
    public const string ConsoleCookie = "EnvelopeConsole";

    public const string ConsoleCookieName = "envelope_console";

    /// <summary>The scheme that authenticates this request's caller.</summary>
    public static string Select(HttpContext context) =>
        IsConsoleApiRequest(context) ? ConsoleApi
        : context.Request.Headers.Authorization is [{ } header]
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !header["Bearer ".Length..].TrimStart().StartsWith(ApiTokenSecret.Prefix, StringComparison.Ordinal)
        && header.Length > "Bearer ".Length + 20
            ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
            : ApiToken;

    /// <summary>A request the API authenticates by the console cookie: no Authorization header, the cookie present.</summary>
    public static bool IsConsoleApiRequest(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(ConsoleCookieName);
}
