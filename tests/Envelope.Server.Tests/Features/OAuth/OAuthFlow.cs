using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.OAuth;

/// <summary>A browser and a CLI going through the login: the pages, their forms and the token endpoint.</summary>
public sealed partial class OAuthFlow(EnvelopeApplication app)
{
    public const string Redirect = "http://127.0.0.1:53682/callback";
    public static readonly string Password = KnownSecrets.Register("correct horse battery staple");

    public HttpClient Browser { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>A user with <paramref name="role"/> in a new organization.</summary>
    internal static async Task<(string Email, string OrganizationId)> CreateUserAsync(EnvelopeApplication app, MembershipRole role)
    {
        var org = await app.CreateOrganizationAsync("people");
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = accounts.Create(email, Password);
        await accounts.SetRoleAsync(user, org.Id, role, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
        return (email, org.Id);
    }

    public string AuthorizeUrl(string redirect = Redirect, string? challenge = null, string method = "S256") =>
        $"/api/oauth/authorize?client_id=envelope-cli&response_type=code&scope=offline_access&state=st4te" +
        $"&redirect_uri={Uri.EscapeDataString(redirect)}&code_challenge={challenge ?? Challenge}&code_challenge_method={method}";

    /// <summary>Signs in and allows access; returns the authorization code from the redirect.</summary>
    public async Task<string> AuthorizeAsync(string email, string organizationId, string redirect = Redirect)
    {
        var toLogin = await Browser.GetAsync(AuthorizeUrl(redirect));
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        var loginPage = await Browser.GetStringAsync(toLogin.Headers.Location!.OriginalString);
        var signedIn = await PostFormAsync("/api/oauth/login", loginPage, new() { ["email"] = email, ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var consentPage = await Browser.GetStringAsync(signedIn.Headers.Location!.OriginalString);
        Assert.Contains("Allow access?", consentPage, StringComparison.Ordinal);
        var consented = await PostFormAsync("/api/oauth/consent", consentPage, new() { ["organization"] = organizationId, ["decision"] = "allow" });
        var final = await Browser.GetAsync(consented.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, final.StatusCode);
        var location = final.Headers.Location!;
        Assert.StartsWith(redirect, location.OriginalString, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("st4te", query["state"].ToString());
        return query["code"].ToString();
    }

    /// <summary>Posts a page's form back with its hidden fields (the CSRF token among them) and <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string action, string page, Dictionary<string, string> fields)
    {
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            fields.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }

        return await Browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> TokenAsync(object request)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/oauth/token", request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        foreach (var name in new[] { "access_token", "refresh_token" })
        {
            if (body[name]?.GetValue<string>() is { } token)
            {
                KnownSecrets.Register(token);
            }
        }

        return (response.StatusCode, body);
    }

    public Task<(HttpStatusCode Status, JsonNode Body)> ExchangeAsync(string code, string? verifier = null, string redirect = Redirect) =>
        TokenAsync(new { grant_type = "authorization_code", code, client_id = "envelope-cli", code_verifier = verifier ?? Verifier, redirect_uri = redirect });

    public Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(string refreshToken) =>
        TokenAsync(new { grant_type = "refresh_token", refresh_token = refreshToken, client_id = "envelope-cli" });

    /// <summary>RFC 7009 revocation, as a form like an OAuth library sends it.</summary>
    public async Task<HttpResponseMessage> RevokeAsync(string token, string? hint = null, string? clientId = "envelope-cli")
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        if (clientId is not null)
        {
            form["client_id"] = clientId;
        }

        return await app.CreateClient().PostAsync("/api/oauth/revoke", new FormUrlEncodedContent(form));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
