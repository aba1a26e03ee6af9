using System.Net;
using System.Net.Http.Headers;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Tests.Features.OAuth;

public sealed class OAuthEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task CodeFlowWithPkce_GivesAShortLivedTokenWithTheRolesAbilities()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Member);
        var flow = new OAuthFlow(app);

        var code = await flow.AuthorizeAsync(email, organizationId);
        var (status, tokens) = await flow.ExchangeAsync(code);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", tokens["token_type"]!.GetValue<string>());
        Assert.InRange(tokens["expires_in"]!.GetValue<int>(), 890, 900);
        Assert.NotNull(tokens["refresh_token"]);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        var me = (await JsonApi.ReadAsync(await api.GetAsync("/api/v1/me")))["data"]!;
        Assert.Equal("user", me["type"]!.GetValue<string>());
        Assert.Equal(email, me["name"]!.GetValue<string>());
        Assert.Equal("member", me["role"]!.GetValue<string>());
        Assert.Equal(organizationId, me["organization"]!["id"]!.GetValue<string>());
        Assert.DoesNotContain("project:create", me["abilities"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/{organizationId}/projects")).StatusCode);
        await JsonApi.AssertErrorAsync(await api.PostAsync($"/api/v1/{organizationId}/projects", System.Net.Http.Json.JsonContent.Create(new { name = "x" })), HttpStatusCode.Forbidden, "insufficient_permissions");

        app.Time.Advance(TimeSpan.FromMinutes(16));
        await JsonApi.AssertErrorAsync(await api.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndAReusedOneRevokesItsFamily()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Owner);
        var flow = new OAuthFlow(app);
        var (_, first) = await flow.ExchangeAsync(await flow.AuthorizeAsync(email, organizationId));
        var original = first["refresh_token"]!.GetValue<string>();

        var (status, second) = await flow.RefreshAsync(original);
        var (reuseStatus, reuse) = await flow.RefreshAsync(original);
        var (familyStatus, family) = await flow.RefreshAsync(second["refresh_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(original, second["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal("invalid_grant", reuse["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(reuse["error_description"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, familyStatus);
        Assert.Equal("invalid_grant", family["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exchange_WithAWrongVerifier_WrongRedirect_OrAnExpiredCode_IsRefused()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Member);

        var wrongVerifier = new OAuthFlow(app);
        var (s1, b1) = await wrongVerifier.ExchangeAsync(await wrongVerifier.AuthorizeAsync(email, organizationId), verifier: new OAuthFlow(app).Verifier);
        var wrongRedirect = new OAuthFlow(app);
        var (s2, b2) = await wrongRedirect.ExchangeAsync(await wrongRedirect.AuthorizeAsync(email, organizationId), redirect: "http://127.0.0.1:53682/other");
        var expired = new OAuthFlow(app);
        var code = await expired.AuthorizeAsync(email, organizationId);
        app.Time.Advance(TimeSpan.FromMinutes(3));
        var (s3, b3) = await expired.ExchangeAsync(code);

        Assert.All([(s1, b1), (s2, b2), (s3, b3)], r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Item1);
            Assert.Equal("invalid_grant", r.Item2["error"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Authorize_WithANonLoopbackRedirect_OrPlainPkce_IsRefusedWithoutRedirecting()
    {
        var flow = new OAuthFlow(app);

        var foreign = await flow.Browser.GetAsync(flow.AuthorizeUrl(redirect: "https://evil.example/callback"));
        var plain = await flow.Browser.GetAsync(flow.AuthorizeUrl(challenge: flow.Verifier, method: "plain"));
        var anyPort = await flow.Browser.GetAsync(flow.AuthorizeUrl(redirect: "http://127.0.0.1:1234/callback"));

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.True(plain.StatusCode == HttpStatusCode.BadRequest || plain.Headers.Location?.Query.Contains("error=invalid_request", StringComparison.Ordinal) == true, plain.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Redirect, anyPort.StatusCode);
        Assert.StartsWith("/api/oauth/login", anyPort.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_OrWithoutTheCsrfToken_IsRefused()
    {
        var (email, _) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Member);
        var flow = new OAuthFlow(app);
        var toLogin = await flow.Browser.GetAsync(flow.AuthorizeUrl());
        var page = await flow.Browser.GetStringAsync(toLogin.Headers.Location!.OriginalString);

        var wrong = await flow.PostFormAsync("/api/oauth/login", page, new() { ["email"] = email, ["password"] = "not the password at all" });
        var forged = await flow.Browser.PostAsync("/api/oauth/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = OAuthFlow.Password }));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong email or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Refresh_AfterTheMembershipIsRemoved_IsRefused()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Admin);
        var flow = new OAuthFlow(app);
        var (_, tokens) = await flow.ExchangeAsync(await flow.AuthorizeAsync(email, organizationId));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().Memberships.Where(m => m.OrganizationId == organizationId).ExecuteDeleteAsync();
        }

        var (status, body) = await flow.RefreshAsync(tokens["refresh_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_TheRefreshAndAccessTokens_TheTokenEndpointAndTheApiRefuseThem()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(app, MembershipRole.Member);
        var flow = new OAuthFlow(app);
        var (_, tokens) = await flow.ExchangeAsync(await flow.AuthorizeAsync(email, organizationId));
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        var revokeRefresh = await flow.RevokeAsync(refresh, "refresh_token");
        var revokeAccess = await flow.RevokeAsync(tokens["access_token"]!.GetValue<string>(), "access_token");
        var (status, body) = await flow.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, revokeRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokeAccess.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(await api.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Revoke_AnUnknownToken_Answers200_WithoutAClientId_401()
    {
        var flow = new OAuthFlow(app);

        var unknown = await flow.RevokeAsync("not-a-token-we-issued");
        var json = await app.CreateClient().PostAsync("/api/oauth/revoke", System.Net.Http.Json.JsonContent.Create(new { token = "also-unknown", client_id = "envelope-cli" }));
        var anonymous = await flow.RevokeAsync("whatever", clientId: null);

        // RFC 7009 §2.2: an invalid token is not an error, so a client cannot probe which tokens exist.
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_client", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task EnsureRegistered_AClientRegisteredBeforeRevocation_GainsThePermission()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = await applications.FindByClientIdAsync(OAuthClients.CliClientId) ?? throw new InvalidOperationException("not registered");
        var old = OAuthClients.Cli();
        old.Permissions.Remove(Permissions.Endpoints.Revocation);
        await applications.UpdateAsync(client, old);
        Assert.False(await applications.HasPermissionAsync(client, Permissions.Endpoints.Revocation));

        await OAuthClients.EnsureRegisteredAsync(applications, CancellationToken.None);

        client = await applications.FindByClientIdAsync(OAuthClients.CliClientId) ?? throw new InvalidOperationException("not registered");
        Assert.True(await applications.HasPermissionAsync(client, Permissions.Endpoints.Revocation));
    }
}
