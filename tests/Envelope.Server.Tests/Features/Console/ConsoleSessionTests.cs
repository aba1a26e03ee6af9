using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>The console's session as the API sees it: cookie flags, CSRF, idle timeout, membership-based abilities.</summary>
public sealed class ConsoleSessionTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task Signing_in_for_the_console_sets_a_strict_http_only_session_cookie()
    {
        var (browser, _, response) = await SignInAsync(MembershipRole.Owner);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("envelope_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/console", response.Headers.Location!.OriginalString);

        var shell = await browser.GetAsync("/console/anything/here");
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.Contains("/console/assets/app.js", await shell.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", shell.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_the_console_sends_people_to_the_login_page_and_the_api_answers_401()
    {
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var shell = await anonymous.GetAsync("/console/projects");
        Assert.Equal(HttpStatusCode.Redirect, shell.StatusCode);
        Assert.Equal("/api/oauth/login?return_url=%2Fconsole%2Fprojects", shell.Headers.Location!.OriginalString);
        await JsonApi.AssertErrorAsync(await anonymous.GetAsync("/console/session"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Changes_through_the_session_need_the_csrf_header_and_reads_do_not()
    {
        var (browser, org, _) = await SignInAsync(MembershipRole.Owner);
        var session = await browser.GetFromJsonAsync<JsonNode>("/console/session");
        Assert.Equal(org, session!["organizations"]![0]!["id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/v1/{org}/projects")).StatusCode);
        await JsonApi.AssertErrorAsync(await browser.PostAsJsonAsync($"/api/v1/{org}/projects", new { name = "no-csrf" }), HttpStatusCode.Forbidden, "csrf_token_invalid");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{org}/projects") { Content = JsonContent.Create(new { name = "with-csrf" }) };
        request.Headers.Add("X-CSRF-Token", session["csrf_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_session_carries_the_abilities_of_the_users_role_now_and_hides_other_organizations()
    {
        var (browser, org, _) = await SignInAsync(MembershipRole.Member);
        var token = (await browser.GetFromJsonAsync<JsonNode>("/console/session"))!["csrf_token"]!.GetValue<string>();
        var other = await app.CreateOrganizationAsync("elsewhere");

        await JsonApi.AssertErrorAsync(await SendAsync(browser, HttpMethod.Post, $"/api/v1/{org}/projects", token, new { name = "x" }), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await browser.GetAsync($"/api/v1/{other.Id}/projects"), HttpStatusCode.NotFound, "not_found");

        // Promoted while signed in: the next request has the new role's abilities.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            await db.Memberships.Where(m => m.OrganizationId == org).ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, MembershipRole.Admin));
        }

        Assert.Equal(HttpStatusCode.Created, (await SendAsync(browser, HttpMethod.Post, $"/api/v1/{org}/projects", token, new { name = "promoted" })).StatusCode);
    }

    [Fact]
    public async Task An_idle_session_ends_and_signing_out_ends_it_at_once()
    {
        var (browser, org, _) = await SignInAsync(MembershipRole.Owner);
        app.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/v1/{org}/projects")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(20));
        // Sliding: 40 minutes after sign-in but 20 after the last request, so still in.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/v1/{org}/projects")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/api/v1/{org}/projects")).StatusCode);

        var (again, org2, _) = await SignInAsync(MembershipRole.Owner);
        var token = (await again.GetFromJsonAsync<JsonNode>("/console/session"))!["csrf_token"]!.GetValue<string>();
        await JsonApi.AssertErrorAsync(await again.PostAsync("/console/logout", null), HttpStatusCode.Forbidden, "csrf_token_invalid");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(again, HttpMethod.Post, "/console/logout", token, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync($"/api/v1/{org2}/projects")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_returns_only_to_the_console_or_the_authorization_endpoint()
    {
        var (email, _) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Owner);
        var flow = new OAuthFlow(app);
        var page = await flow.Browser.GetStringAsync("/api/oauth/login?return_url=https%3A%2F%2Fevil.example%2F");
        var response = await flow.PostFormAsync("/api/oauth/login", page,
            new() { ["email"] = email, ["password"] = OAuthFlow.Password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/console", response.Headers.Location!.OriginalString);
    }

    private async Task<(HttpClient Browser, string Organization, HttpResponseMessage SignIn)> SignInAsync(MembershipRole role)
    {
        var (email, org) = await OAuthFlow.CreateUserAsync(app, role);
        var flow = new OAuthFlow(app);
        var page = await flow.Browser.GetStringAsync("/api/oauth/login?return_url=%2Fconsole");
        var response = await flow.PostFormAsync("/api/oauth/login", page, new() { ["email"] = email, ["password"] = OAuthFlow.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (flow.Browser, org, response);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string csrf, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", csrf);
        return client.SendAsync(request);
    }
}
