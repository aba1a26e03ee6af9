using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Targets;

public sealed class TargetsEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task TargetLifecycle_CreateListGetUpdateDelete_Works()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        var baseUrl = $"/api/v1/{org.Id}/my-app/targets";

        var created = await org.Owner.PostAsJsonAsync(baseUrl, new { name = "Backend API", description = "the API" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await JsonApi.ReadAsync(created))["data"]!;
        Assert.Equal("backend-api", data["slug"]!.GetValue<string>());
        Assert.Equal("target", data["type"]!.GetValue<string>());

        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync(baseUrl));
        Assert.Equal("backend-api", Assert.Single(list["data"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.Equal(1, list["meta"]!["total"]!.GetValue<int>());

        var updated = await org.Owner.PatchAsJsonAsync($"{baseUrl}/backend-api", new { slug = "backend", description = "renamed" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var fetched = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"{baseUrl}/backend")))["data"]!;
        Assert.Equal("renamed", fetched["description"]!.GetValue<string>());
        Assert.Equal("Backend API", fetched["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"{baseUrl}/backend")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"{baseUrl}/backend"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateTarget_InUnknownProject_Returns404()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/nope/targets", new { name = "x" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateTarget_WithTakenSlug_Returns409_AndSameSlugInAnotherProjectIsFine()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        await org.CreateProjectAsync("two");
        await org.CreateTargetAsync("one", "web");

        var taken = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/one/targets", new { name = "web" });
        var elsewhere = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/two/targets", new { name = "web" });

        await JsonApi.AssertErrorAsync(taken, HttpStatusCode.Conflict, "slug_taken");
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task CreateTarget_WithReservedSlug_Returns422()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/one/targets", new { name = "Environments" });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["slug"]);
    }

    [Fact]
    public async Task DeleteTarget_RemovesItsEnvironments()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync("app", "web", "prod");

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/app/targets/web")).StatusCode);
        await org.CreateTargetAsync("app", "web");

        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/app/web/environments"));
        Assert.Empty(list["data"]!.AsArray());
    }
}
