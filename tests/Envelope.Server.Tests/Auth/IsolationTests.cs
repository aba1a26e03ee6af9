using System.Net;
using Envelope.Server.Auth;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Auth;

public sealed class IsolationTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_WithAnotherOrganizationsToken_Returns404(EndpointCase endpoint)
    {
        var victim = await app.CreateOrganizationAsync("victim");
        var seed = await EndpointCatalog.SeedAsync(victim);
        var intruder = await app.CreateOrganizationAsync("intruder");

        var response = await intruder.Owner.SendAsync(endpoint.ToRequest(seed));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task ProjectEndpoint_WithTokenRestrictedToAnotherProject_AnswersAsIfMissing(EndpointCase endpoint)
    {
        if (!endpoint.ProjectScoped)
        {
            return;
        }

        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);
        await org.CreateProjectAsync("other");
        var restricted = app.ClientWithToken(await org.CreateTokenAsync(Abilities.All, ["other"]));

        var hidden = await restricted.SendAsync(endpoint.ToRequest(seed));

        var hiddenBody = await JsonApi.AssertErrorAsync(hidden, HttpStatusCode.NotFound, "not_found");
        if (endpoint.Path.Contains("/app", StringComparison.Ordinal))
        {
            var missing = await org.Owner.SendAsync(endpoint.ToRequest(seed, endpoint.Path.Replace("/app", "/no-such-app", StringComparison.Ordinal)));
            var missingBody = await JsonApi.AssertErrorAsync(missing, HttpStatusCode.NotFound, "not_found");
            Assert.Equal(missingBody.ToJsonString(), hiddenBody.ToJsonString());
        }
        else if (endpoint.Path.Contains("{version}", StringComparison.Ordinal))
        {
            var missing = await org.Owner.SendAsync(endpoint.ToRequest(seed with { VersionId = long.MaxValue }));
            var missingBody = await JsonApi.AssertErrorAsync(missing, HttpStatusCode.NotFound, "not_found");
            Assert.Equal(missingBody.ToJsonString(), hiddenBody.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_WithAnExpiredOrRevokedToken_Returns401(EndpointCase endpoint)
    {
        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);
        var expiring = app.ClientWithToken(await org.CreateTokenAsync(Abilities.All, expiresAt: app.Time.GetUtcNow().AddMinutes(5)));
        var revokedToken = await org.CreateTokenAsync(Abilities.All);
        var revoked = app.ClientWithToken(revokedToken);
        var revokedId = (await JsonApi.ReadAsync(await revoked.GetAsync("/api/v1/me")))["data"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/tokens/{revokedId}")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(6));

        await JsonApi.AssertErrorAsync(await expiring.SendAsync(endpoint.ToRequest(seed)), HttpStatusCode.Unauthorized, "unauthenticated");
        await JsonApi.AssertErrorAsync(await revoked.SendAsync(endpoint.ToRequest(seed)), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ListProjects_WithRestrictedToken_ShowsOnlyItsProjects()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("mine");
        await org.CreateProjectAsync("theirs");
        var restricted = app.ClientWithToken(await org.CreateTokenAsync(["project:read", "project:create"], ["mine"]));

        var list = await JsonApi.ReadAsync(await restricted.GetAsync($"/api/v1/{org.Id}/projects"));
        var create = await restricted.PostAsync($"/api/v1/{org.Id}/projects", System.Net.Http.Json.JsonContent.Create(new { name = "sneaky" }));

        Assert.Equal("mine", Assert.Single(list["data"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.Equal(1, list["meta"]!["total"]!.GetValue<int>());
        await JsonApi.AssertErrorAsync(create, HttpStatusCode.Forbidden, "insufficient_permissions");
    }

    [Fact]
    public async Task OrganizationInfo_OfAnotherOrganization_Returns404()
    {
        var victim = await app.CreateOrganizationAsync("victim");
        var intruder = await app.CreateOrganizationAsync("intruder");

        await JsonApi.AssertErrorAsync(await intruder.Owner.GetAsync($"/api/v1/{victim.Id}"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await intruder.Owner.GetAsync("/api/v1/01ARZ3NDEKTSV4RRFFQ69G5FAV"), HttpStatusCode.NotFound, "not_found");
    }
}
