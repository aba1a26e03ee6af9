using System.Net;
using System.Text.RegularExpressions;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.SignIn;

/// <summary>Servers with chosen sign-in settings on a database of their own, and the login form posted as a browser does.</summary>
internal static partial class SignInHarness
{
    /// <summary>A server on <paramref name="database"/> with the database store (counts shared by every node) and <paramref name="settings"/>.</summary>
    public static async Task<EnvelopeApplication> StartAsync(TestDatabase database, Dictionary<string, string>? settings = null)
    {
        var app = EnvelopeApplication.On(database);
        app.Settings["ENVELOPE_RATE_LIMIT_STORE"] = "database";
        app.Settings["ENVELOPE_JOBS_ENABLED"] = "false";
        foreach (var (key, value) in settings ?? [])
        {
            app.Settings[key] = value;
        }

        await app.InitializeAsync();
        _ = app.Server;
        return app;
    }

    /// <summary>A user in a new organization; returns the organization (with its owner token) and the email.</summary>
    public static async Task<(TestOrganization Organization, string Email)> CreateUserAsync(EnvelopeApplication app, MembershipRole role = MembershipRole.Member)
    {
        var org = await app.CreateOrganizationAsync("people");
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = accounts.Create(email, OAuthFlow.Password);
        await accounts.SetRoleAsync(user, org.Id, role, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
        return (org, email);
    }

    /// <summary>Opens the login page and posts it back with <paramref name="email"/> and <paramref name="password"/>.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(OAuthFlow flow, string email, string password, string returnUrl = "/console")
    {
        var page = await flow.Browser.GetStringAsync("/api/oauth/login?return_url=" + Uri.EscapeDataString(returnUrl));
        return await flow.PostFormAsync("/api/oauth/login", page, new() { ["email"] = email, ["password"] = password });
    }

    public static Task<HttpResponseMessage> SignInAsync(EnvelopeApplication app, string email, string password) =>
        SignInAsync(new OAuthFlow(app), email, password);

    /// <summary>The page with what differs between any two answers (the CSRF token, the email typed) taken out.</summary>
    public static async Task<string> ComparableBodyAsync(HttpResponseMessage response) =>
        ValueAttribute().Replace(await response.Content.ReadAsStringAsync(), "value=\"…\"");

    public static void AssertRetryAfter(HttpResponseMessage response, int seconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
    }

    [GeneratedRegex("value=\"[^\"]*\"")]
    private static partial Regex ValueAttribute();
}
