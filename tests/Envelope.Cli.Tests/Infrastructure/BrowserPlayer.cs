using System.Net;
using System.Text.RegularExpressions;

namespace Envelope.Cli.Tests.Infrastructure;

/// <summary>
/// Plays a person's browser through the server's sign-in: the authorization URL the CLI printed, the sign-in form and the
/// consent page (each posted back with its antiforgery token), and the final redirect to the CLI's loopback listener.
/// </summary>
public sealed partial class BrowserPlayer(ServerProcess server) : IDisposable
{
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = server.Server,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Signs in as the server's user and answers the consent page; returns the CLI listener's page.</summary>
    public async Task<string> SignInAsync(Uri authorizeUrl, string decision = "allow", string? password = null)
    {
        var toLogin = await _browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var loginPage = await _browser.GetStringAsync(toLogin.Headers.Location!);
        var signedIn = await PostFormAsync("/api/oauth/login", loginPage, new() { ["email"] = server.UserEmail, ["password"] = password ?? server.UserPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var consentPage = await _browser.GetStringAsync(signedIn.Headers.Location!);
        var consented = await PostFormAsync("/api/oauth/consent", consentPage, new() { ["organization"] = server.Organization, ["decision"] = decision });
        Assert.Equal(HttpStatusCode.Redirect, consented.StatusCode);
        var final = await _browser.GetAsync(consented.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
        var callback = final.Headers.Location!;
        Assert.Equal("127.0.0.1", callback.Host);
        return await _browser.GetStringAsync(callback);
    }

    public void Dispose() => _browser.Dispose();

    private async Task<HttpResponseMessage> PostFormAsync(string action, string page, Dictionary<string, string> fields)
    {
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            fields.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }

        using var content = new FormUrlEncodedContent(fields);
        return await _browser.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
