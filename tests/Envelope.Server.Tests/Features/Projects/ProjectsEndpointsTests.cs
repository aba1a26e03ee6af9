using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Projects;

public sealed class ProjectsEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private const string KeyCheck = "HHI58lapp0dlVxU7QE9PHkCVREpwFKOcoZgU17h2bso=";
    private const string Salt = "oKGio6SlpqeoqaqrrK2urw==";

    [Fact]
    public async Task CreateProject_WithNameOnly_DerivesSlugAndDefaultsToServerKeys()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "My App (EU)" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await JsonApi.ReadAsync(response))["data"]!;
        Assert.Equal("my-app-eu", data["slug"]!.GetValue<string>());
        Assert.Equal("server", data["key_management"]!.GetValue<string>());
        Assert.Equal("project", data["type"]!.GetValue<string>());
        Assert.Equal(26, data["id"]!.GetValue<string>().Length);
        Assert.Equal($"/api/v1/{org.Id}/projects/my-app-eu", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateProject_ClientManaged_StoresProofParametersAndNeverEchoesThem()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new
        {
            name = "vault", key_management = "client", key_check = KeyCheck, key_check_salt = Salt, key_check_iterations = 600000,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(KeyCheck, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Salt, text, StringComparison.Ordinal);
        Assert.Contains("\"key_management\":\"client\"", text, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var project = await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().Projects.SingleAsync(p => p.OrganizationId == org.Id);
        Assert.Equal(Convert.FromBase64String(KeyCheck), project.KeyCheck);
        Assert.Equal(600000, project.KeyCheckIterations);
    }

    [Theory]
    [InlineData(null, Salt, 600000, "key_check")]
    [InlineData(KeyCheck, null, 600000, "key_check_salt")]
    [InlineData(KeyCheck, Salt, null, "key_check_iterations")]
    [InlineData("c2hvcnQ=", Salt, 600000, "key_check")]
    [InlineData(KeyCheck, KeyCheck, 600000, "key_check_salt")]
    [InlineData(KeyCheck, "not base64!", 600000, "key_check_salt")]
    [InlineData(KeyCheck, Salt, 99999, "key_check_iterations")]
    public async Task CreateProject_ClientManagedWithBadKeyCheck_Returns422NamingTheField(string? keyCheck, string? salt, int? iterations, string field)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new
        {
            name = "vault", key_management = "client", key_check = keyCheck, key_check_salt = salt, key_check_iterations = iterations,
        }, JsonApi.Options);

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]![field]);
        await AssertNoProjectsAsync(org);
    }

    [Fact]
    public async Task CreateProject_ServerManagedWithKeyCheck_Returns422()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "x", key_check = KeyCheck });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["key_check"]);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-leading")]
    [InlineData("double--hyphen")]
    [InlineData("under_score")]
    [InlineData("projects")]
    [InlineData("secrets")]
    [InlineData("encryption-key")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task CreateProject_WithInvalidOrReservedSlug_Returns422(string slug)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "x", slug });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["slug"]);
    }

    [Fact]
    public async Task CreateProject_WithoutName_Returns422()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { slug = "x" });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["name"]);
    }

    [Fact]
    public async Task CreateProject_WithTakenSlug_Returns409()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("web");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "Web", slug = "web" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "slug_taken");
    }

    [Fact]
    public async Task CreateProject_BeyondPlanLimit_Returns403PlanLimitReached()
    {
        var org = await app.CreateOrganizationAsync();
        for (var i = 0; i < 3; i++)
        {
            await org.CreateProjectAsync($"p{i}");
        }

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "one too many" });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "plan_limit_reached");
        Assert.Equal(3, body["details"]!["max_projects"]!.GetValue<int>());
        Assert.Equal("free", body["details"]!["plan"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConcurrentCreates_AtThePlanLimit_NeverExceedIt()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("first");

        // Two places left on the free plan, eight requests racing for them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = $"racer {i}" })));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await JsonApi.AssertErrorAsync(refused, HttpStatusCode.Forbidden, "plan_limit_reached");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        Assert.Equal(3, await db.Projects.CountAsync(p => p.OrganizationId == org.Id));
    }

    [Fact]
    public async Task ListProjects_Paginates_WithMeta()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("a");
        await org.CreateProjectAsync("b");
        await org.CreateProjectAsync("c");

        var page2 = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects?page=2&per_page=2"));
        var beyond = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects?page=9&per_page=2"));
        var clamped = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects?page=0&per_page=1000"));

        Assert.Equal("c", Assert.Single(page2["data"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.Equal(2, page2["meta"]!["current_page"]!.GetValue<int>());
        Assert.Equal(2, page2["meta"]!["per_page"]!.GetValue<int>());
        Assert.Equal(3, page2["meta"]!["total"]!.GetValue<int>());
        Assert.Equal(2, page2["meta"]!["last_page"]!.GetValue<int>());
        Assert.Empty(beyond["data"]!.AsArray());
        Assert.Equal(1, clamped["meta"]!["current_page"]!.GetValue<int>());
        Assert.Equal(100, clamped["meta"]!["per_page"]!.GetValue<int>());
        Assert.Equal(3, clamped["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task UpdateProject_ChangesNameAndSlug()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("old");

        var response = await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/projects/old", new { name = "New", slug = "new" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/new")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/old"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UpdateProject_ToTakenSlug_Returns409()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        await org.CreateProjectAsync("two");

        var response = await org.Owner.PutAsJsonAsync($"/api/v1/{org.Id}/projects/one", new { slug = "two" });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "slug_taken");
    }

    [Fact]
    public async Task DeleteProject_RemovesTargetsEnvironmentsAndTokenRestrictions()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync("doomed", "server", "prod");
        await org.CreateProjectAsync("kept");
        var restricted = app.ClientWithToken(await org.CreateTokenAsync(["project:read"], ["doomed"]));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var projectId = await db.Projects.Where(p => p.OrganizationId == org.Id && p.Slug == "doomed").Select(p => p.Id).SingleAsync();
        var targetIds = await db.Targets.Where(t => t.ProjectId == projectId).Select(t => t.Id).ToListAsync();

        var response = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/doomed");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(targetIds);
        Assert.Equal(0, await db.Targets.CountAsync(t => t.ProjectId == projectId));
        Assert.Equal(0, await db.Environments.CountAsync(e => targetIds.Contains(e.TargetId)));
        Assert.Equal(0, await db.ApiTokenProjects.CountAsync(p => p.ProjectId == projectId));
        Assert.Equal(1, await db.Projects.CountAsync(p => p.OrganizationId == org.Id));
        // The restricted token lost its only project: it now reaches nothing rather than everything.
        var list = await JsonApi.ReadAsync(await restricted.GetAsync($"/api/v1/{org.Id}/projects"));
        Assert.Empty(list["data"]!.AsArray());
    }

    [Fact]
    public async Task DeleteProject_Unknown_Returns404()
    {
        var org = await app.CreateOrganizationAsync();

        await JsonApi.AssertErrorAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/nope"), HttpStatusCode.NotFound, "not_found");
    }

    private async Task AssertNoProjectsAsync(TestOrganization org)
    {
        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects"));
        Assert.Empty(list["data"]!.AsArray());
    }
}
