using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Sessions;

/// <summary>A signed-in console: its browser (cookies kept), the page's CSRF token, and the raw cookie for other servers.</summary>
internal sealed record ConsoleBrowserSession(HttpClient Browser, string Csrf, string Cookie)
{
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", Csrf);
        return Browser.SendAsync(request);
    }

    public async Task<JsonArray> MySessionsAsync()
    {
        var response = await Browser.GetAsync("/api/v1/me/sessions");
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!.AsArray();
    }
}

internal static class SessionHarness
{
    /// <summary>A user of <paramref name="organizationId"/> with <paramref name="role"/>; returns their id and email.</summary>
    public static async Task<(string Id, string Email)> AddUserAsync(EnvelopeApplication app, string organizationId, MembershipRole role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = accounts.Create(email, OAuthFlow.Password);
        await accounts.SetRoleAsync(user, organizationId, role, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
        return (user.Id, email);
    }

    /// <summary>Signs in for the console as a browser does, with <paramref name="userAgent"/>, and loads the console's session.</summary>
    public static async Task<ConsoleBrowserSession> SignInAsync(EnvelopeApplication app, string email, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) Test")
    {
        var flow = new OAuthFlow(app);
        flow.Browser.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var page = await flow.Browser.GetStringAsync("/api/oauth/login?return_url=%2Fconsole");
        var response = await flow.PostFormAsync("/api/oauth/login", page, new() { ["email"] = email, ["password"] = OAuthFlow.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("envelope_console=", StringComparison.Ordinal)).Split(';')[0];
        var csrf = (await flow.Browser.GetFromJsonAsync<JsonNode>("/console/session"))!["csrf_token"]!.GetValue<string>();
        return new ConsoleBrowserSession(flow.Browser, csrf, cookie);
    }

    /// <summary>A client of <paramref name="app"/> that sends <paramref name="cookie"/> and keeps no cookies of its own.</summary>
    public static HttpClient WithCookie(EnvelopeApplication app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public static async Task<UserSession> RowAsync(EnvelopeApplication app, string sessionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().ConsoleSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
    }

    /// <summary>Past the token cache's lifetime (10 seconds by default) on <paramref name="app"/>'s clock.</summary>
    public static void PastCacheLifetime(EnvelopeApplication app) => app.Time.Advance(TimeSpan.FromSeconds(11));
}
