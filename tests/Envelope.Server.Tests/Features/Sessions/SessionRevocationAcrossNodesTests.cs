using System.Net;
using System.Net.Http.Headers;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using static Envelope.Server.Tests.Features.Sessions.SessionHarness;
using static Envelope.Server.Tests.Features.SignIn.SignInHarness;

namespace Envelope.Server.Tests.Features.Sessions;

/// <summary>
/// Revocations reach every node (two servers over one database, and the operator's commands in their own process)
/// within the token cache's lifetime.
/// </summary>
public sealed class SessionRevocationAcrossNodesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> ShortCache = new() { ["ENVELOPE_TOKEN_CACHE_SECONDS"] = "2" };
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_session_revoked_on_one_server_stops_working_on_a_second_within_the_cache_lifetime()
    {
        await using var first = await StartAsync(_database, ShortCache);
        await using var second = await StartAsync(_database, ShortCache);
        var org = await first.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(first, org.Id, MembershipRole.Member);
        var browser = await SignInAsync(first, email);
        var onSecond = WithCookie(second, browser.Cookie);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        Assert.Equal(1, (await JsonApi.ReadAsync(await browser.SendAsync(HttpMethod.Delete, "/api/v1/me/sessions")))["data"]!["revoked"]!.GetValue<int>());

        // At once where it was revoked; on the other node once its cached answer is older than the lifetime.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(first, browser.Cookie).GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        second.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
    }

    [Fact]
    public async Task Changing_a_users_role_with_the_operator_command_signs_their_sessions_out()
    {
        await using var server = await StartAsync(_database, ShortCache);
        var org = await server.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(server, org.Id, MembershipRole.Member);
        var browser = await SignInAsync(server, email);

        // The same role again changes nothing.
        Assert.Equal(0, (await ServerCommand.RunAsync(_database, null, "user", "add", "--email", email, "--organization", org.Id, "--role", "member")).ExitCode);
        server.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        var (exit, _, error) = await ServerCommand.RunAsync(_database, null, "user", "add", "--email", email, "--organization", org.Id, "--role", "admin");
        Assert.True(exit == 0, error);
        server.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        var again = await SignInAsync(server, email);
        Assert.Equal("admin", (await JsonApi.ReadAsync(await again.Browser.GetAsync("/api/v1/me")))["data"]!["role"]!.GetValue<string>());
        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=session.revoke_all"));
        Assert.Contains("role_changed", Assert.Single(audit["data"]!.AsArray())!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_user_signs_them_out_and_refuses_their_sign_in_until_enabled()
    {
        await using var server = await StartAsync(_database, ShortCache);
        var org = await server.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(server, org.Id, MembershipRole.Owner);
        var browser = await SignInAsync(server, email);

        var (exit, output, error) = await ServerCommand.RunAsync(_database, null, "user", "disable", email);
        Assert.True(exit == 0, error);
        Assert.Contains("disabled", output, StringComparison.Ordinal);
        server.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        var refused = await SignIn.SignInHarness.SignInAsync(new OAuthFlow(server), email, OAuthFlow.Password);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This account is disabled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The CLI's login is the same form: refused alike.
        var cli = await SignIn.SignInHarness.SignInAsync(new OAuthFlow(server), email, OAuthFlow.Password, "/api/oauth/authorize");
        Assert.Equal(HttpStatusCode.Forbidden, cli.StatusCode);

        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=user.disable"));
        Assert.Contains("\"revoked_sessions\":1", Assert.Single(audit["data"]!.AsArray())!.ToJsonString(), StringComparison.Ordinal);
        var signIns = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=user.sign_in"));
        Assert.Contains(signIns["data"]!.AsArray(), e => e!.ToJsonString().Contains("\"reason\":\"disabled\"", StringComparison.Ordinal));

        Assert.Equal(1, (await ServerCommand.RunAsync(_database, null, "user", "disable", "nobody@example.com")).ExitCode);
        Assert.Equal(0, (await ServerCommand.RunAsync(_database, null, "user", "enable", email)).ExitCode);
        var back = await SignInAsync(server, email);
        Assert.Equal(HttpStatusCode.OK, (await back.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        // The sessions from before stay signed out.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_revokes_their_CLI_access_and_refresh_tokens()
    {
        await using var server = await StartAsync(_database, ShortCache);
        var org = await server.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(server, org.Id, MembershipRole.Admin);
        var flow = new OAuthFlow(server);
        var (_, tokens) = await flow.ExchangeAsync(await flow.AuthorizeAsync(email, org.Id));
        var cli = Bearer(server, tokens["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await cli.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        Assert.Equal(0, (await ServerCommand.RunAsync(_database, null, "user", "disable", email)).ExitCode);

        // Validated against its row on every request: refused at once, not when its 15 minutes are up.
        await JsonApi.AssertErrorAsync(await cli.GetAsync($"/api/v1/{org.Id}/projects"), HttpStatusCode.Unauthorized, "unauthenticated");
        var (status, body) = await flow.RefreshAsync(tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=user.disable"));
        Assert.Contains("\"revoked_oauth_tokens\":2", Assert.Single(audit["data"]!.AsArray())!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_role_revokes_CLI_access_tokens_and_the_next_refresh_carries_the_new_role()
    {
        await using var server = await StartAsync(_database, ShortCache);
        var org = await server.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(server, org.Id, MembershipRole.Admin);
        var flow = new OAuthFlow(server);
        var (_, tokens) = await flow.ExchangeAsync(await flow.AuthorizeAsync(email, org.Id));
        var asAdmin = Bearer(server, tokens["access_token"]!.GetValue<string>());
        Assert.Equal("admin", (await JsonApi.ReadAsync(await asAdmin.GetAsync("/api/v1/me")))["data"]!["role"]!.GetValue<string>());

        Assert.Equal(0, (await ServerCommand.RunAsync(_database, null, "user", "add", "--email", email, "--organization", org.Id, "--role", "member")).ExitCode);

        await JsonApi.AssertErrorAsync(await asAdmin.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
        var (status, refreshed) = await flow.RefreshAsync(tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, status);
        var asMember = Bearer(server, refreshed["access_token"]!.GetValue<string>());
        Assert.Equal("member", (await JsonApi.ReadAsync(await asMember.GetAsync("/api/v1/me")))["data"]!["role"]!.GetValue<string>());
    }

    private static HttpClient Bearer(EnvelopeApplication server, string accessToken)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
