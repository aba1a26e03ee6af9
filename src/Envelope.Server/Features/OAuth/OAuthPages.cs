using System.Text.Encodings.Web;

namespace Envelope.Server.Features.OAuth;

/// <summary>The two server-rendered pages of the browser login. Every value is HTML-encoded.</summary>
internal static class OAuthPages
{
    public static IResult Login(string returnUrl, string csrfField, string csrfToken, string? error, string? email, int? status = null) => Page("Sign in to Envelope", $"""
        <form method="post" action="/api/oauth/login">
          {Hidden(csrfField, csrfToken)}
          {Hidden("ReturnUrl", returnUrl)}
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>")}
          <label>Email <input type="email" name="email" autocomplete="username" required value="{Encode(email ?? "")}"></label>
          <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
        </form>
        """, status ?? (error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized));

    public static IResult Consent(string clientName, string email, IReadOnlyList<(string Id, string Name, string Role)> organizations, string returnUrl, string csrfField, string csrfToken) =>
        Page("Allow access?", $"""
        <p><strong>{Encode(clientName)}</strong> asks to act as <strong>{Encode(email)}</strong> in one organization, with the abilities of your role there.</p>
        <form method="post" action="/api/oauth/consent">
          {Hidden(csrfField, csrfToken)}
          {Hidden("ReturnUrl", returnUrl)}
          <label>Organization
            <select name="organization">
              {string.Concat(organizations.Select(o => $"<option value=\"{Encode(o.Id)}\">{Encode(o.Name)} ({Encode(o.Role)})</option>"))}
            </select>
          </label>
          <button type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </form>
        """);

    public static IResult Message(string title, string message, int status) => Page(title, $"<p>{Encode(message)}</p>", status);

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => TypedResults.Content($"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)}</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        </head>
        <body class="narrow"><main><h1>{Encode(title)}</h1>{body}</main></body>
        </html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
