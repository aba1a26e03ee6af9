using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Identity;

public sealed class IdentityEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task GetMe_WithRestrictedToken_ShowsItsProjectsAndExpiry()
    {
        var org = await app.CreateOrganizationAsync("Acme Inc");
        await org.CreateProjectAsync("web");
        var now = app.Time.GetUtcNow();
        var expiry = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddDays(30);
        var client = app.ClientWithToken(await org.CreateTokenAsync(["secret:read"], ["web"], expiry));

        var me = (await JsonApi.ReadAsync(await client.GetAsync("/api/v1/me")))["data"]!;

        Assert.Equal("token", me["type"]!.GetValue<string>());
        Assert.Equal("Acme Inc", me["organization"]!["name"]!.GetValue<string>());
        Assert.Equal("web", Assert.Single(me["projects"]!.AsArray())!.GetValue<string>());
        Assert.Equal(expiry, me["expires_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task GetMe_WithoutToken_Returns401()
    {
        await JsonApi.AssertErrorAsync(await app.CreateClient().GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("Bearer envl_notreal")]
    [InlineData("Bearer envl_0000000000000000000000000000000000000000")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task AnyEndpoint_WithBadAuthorization_Returns401(string header)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        await JsonApi.AssertErrorAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ListOrganizations_ShowsOnlyTheTokensOrganization()
    {
        var org = await app.CreateOrganizationAsync();
        await app.CreateOrganizationAsync("other");

        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync("/api/v1/organizations"));

        Assert.Equal(org.Id, Assert.Single(list["data"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateOrganization_WithOwnerToken_ReturnsNewOrganizationAndItsOwnerToken()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync("/api/v1/organizations", new { name = "Spin-off" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await JsonApi.ReadAsync(response))["data"]!;
        var newOwner = app.ClientWithToken(data["token"]!.GetValue<string>());
        var info = (await JsonApi.ReadAsync(await newOwner.GetAsync($"/api/v1/{data["organization"]!["id"]!.GetValue<string>()}")))["data"]!;
        Assert.Equal("Spin-off", info["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateOrganization_WithNonOwnerToken_Returns403()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await org.ClientWithAbilitiesAsync("project:create");

        await JsonApi.AssertErrorAsync(await client.PostAsJsonAsync("/api/v1/organizations", new { name = "x" }), HttpStatusCode.Forbidden, "insufficient_permissions");
    }

    [Fact]
    public async Task GetOrganization_ShowsPlanAndUsage()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        var reader = await org.ClientWithAbilitiesAsync("organization:read");

        var info = (await JsonApi.ReadAsync(await reader.GetAsync($"/api/v1/{org.Id}")))["data"]!;

        Assert.Equal(org.Id, info["id"]!.GetValue<string>());
        Assert.Equal("free", info["plan"]!["name"]!.GetValue<string>());
        Assert.Equal(1, info["usage"]!["projects"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListPlans_WithoutToken_ReturnsAtLeastThreePlansWithLimits()
    {
        var plans = (await JsonApi.ReadAsync(await app.CreateClient().GetAsync("/api/v1/plans")))["data"]!.AsArray();

        Assert.True(plans.Count >= 3);
        Assert.All(plans, p =>
        {
            Assert.True(p!["retention_days"]!.GetValue<int>() > 0);
            Assert.True(p["max_projects"]!.GetValue<int>() > 0);
            Assert.True(p["requests_per_minute"]!.GetValue<int>() >= 100);
        });
    }
}
