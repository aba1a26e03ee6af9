using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Environments;

public sealed class EnvironmentsEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task EnvironmentLifecycle_CreateListGetUpdateDelete_Works()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        await org.CreateTargetAsync("my-app", "backend");
        var baseUrl = $"/api/v1/{org.Id}/my-app/backend/environments";

        var created = await org.Owner.PostAsJsonAsync(baseUrl, new { name = "Production", slug = "production" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("environment", (await JsonApi.ReadAsync(created))["data"]!["type"]!.GetValue<string>());

        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync(baseUrl));
        Assert.Single(list["data"]!.AsArray());

        var updated = await org.Owner.PutAsJsonAsync($"{baseUrl}/production", new { name = "Prod" });
        Assert.Equal("Prod", (await JsonApi.ReadAsync(updated))["data"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"{baseUrl}/production")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"{baseUrl}/production")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.DeleteAsync($"{baseUrl}/production"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateEnvironment_UnderUnknownTarget_Returns404()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/nope/environments", new { name = "x" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateEnvironment_WithTakenSlug_Returns409()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync("app", "web", "prod");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/app/web/environments", new { name = "prod" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "slug_taken");
    }

    [Fact]
    public async Task UpdateEnvironment_WithInvalidSlug_Returns422()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync("app", "web", "prod");

        var response = await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/app/web/environments/prod", new { slug = "Prod!" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}
