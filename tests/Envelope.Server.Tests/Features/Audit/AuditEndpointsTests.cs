using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

public sealed class AuditEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task AuditEvents_RecordEveryChange_NewestFirst_WithoutSecretMaterial()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var token = await org.CreateTokenAsync(["project:read"]);
        var first = await org.StoreAsync("my-app", "backend", "production", "PASSWORD=hunter2\n");
        await org.StoreAsync("my-app", "backend", "production", "PASSWORD=hunter3\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { });
        await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{first}/destroy", null);
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", target = "backend", environment = "production" });
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", scope = "project", confirmed = true });

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100");
        var text = await response.Content.ReadAsStringAsync();
        var events = (await JsonApi.ReadAsync(response))["data"]!.AsArray();

        Assert.Equal(
            ["secrets.purge_versions", "secrets.delete", "secrets.destroy_version", "secrets.restore_version", "secrets.store", "key.retrieve", "secrets.store", "key.retrieve",
                "token.create", "environment.create", "target.create", "project.create", "organization.create"],
            events.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal(events.Select(e => e!["id"]!.GetValue<long>()).OrderDescending(), events.Select(e => e!["id"]!.GetValue<long>()));
        Assert.Equal("my-app/backend/production", events[1]!["subject"]!.GetValue<string>());
        Assert.DoesNotContain("hunter", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditEvents_FilterByActionAndProject()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        await org.CreateProjectAsync("two");
        await org.StoreAsync("one", null, null, "A=1\n");
        await org.StoreAsync("two", null, null, "A=1\n");

        var stores = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secrets.store"));
        var ofOne = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?project=one"));
        var future = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?since={Uri.EscapeDataString(app.Time.GetUtcNow().AddHours(1).ToString("O"))}"));

        Assert.Equal(2, stores["data"]!.AsArray().Count);
        Assert.Equal(["secrets.store", "key.retrieve", "project.create"], ofOne["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        Assert.Empty(future["data"]!.AsArray());
    }

    [Fact]
    public async Task HierarchyChanges_AreAudited_CreateAndUpdate_WithWhatChanged()
    {
        var org = await app.CreateOrganizationAsync("hierarchy");
        await org.CreateHierarchyAsync();
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/projects/my-app", new { description = "the app", history_policy = "re_encrypt" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/my-app/targets/backend", new { name = "Back end" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/my-app/backend/environments/production", new { slug = "prod" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/my-app/targets/backend", new { name = "Back end" })).StatusCode);

        var events = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")))["data"]!.AsArray().Reverse().ToList();

        Assert.Equal(
            ["organization.create", "project.create", "target.create", "environment.create", "project.update", "target.update", "environment.update"],
            events.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("hierarchy", events[0]!["subject"]!.GetValue<string>());
        Assert.Equal("token", events[0]!["details"]!["owner"]!.GetValue<string>());
        Assert.Equal(["my-app", "my-app/backend", "my-app/backend/production"], events[1..4].Select(e => e!["subject"]!.GetValue<string>()));
        Assert.All(events[1..], e => Assert.NotNull(e!["project_id"]));
        Assert.All(events[1..], e => Assert.NotNull(e!["token_id"]));
        Assert.Equal("re_encrypt", events[4]!["details"]!["history_policy"]!["to"]!.GetValue<string>());
        Assert.Equal("the app", events[4]!["details"]!["description"]!["to"]!.GetValue<string>());
        Assert.Null(events[4]!["details"]!["name"]);
        Assert.Equal(("backend", "Back end"), (events[5]!["details"]!["name"]!["from"]!.GetValue<string>(), events[5]!["details"]!["name"]!["to"]!.GetValue<string>()));
        Assert.Equal("my-app/backend/prod", events[6]!["subject"]!.GetValue<string>());
        Assert.Equal("production", events[6]!["details"]!["slug"]!["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownProjectFilter_ReturnsNothing()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        await org.CreateTokenAsync(["project:read"]);

        var unknown = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?project=no-such-project"));
        var all = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events"));

        Assert.Empty(unknown["data"]!.AsArray());
        Assert.Contains(all["data"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "token.create");
    }

    [Fact]
    public async Task TheActionFilter_FindsEventsWrittenUnderTheOlderName()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("one");
        await org.StoreAsync("one", null, null, "A=1\n");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // An event as the previous release wrote it, chained like any other.
            var db = scope.ServiceProvider.GetRequiredService<Envelope.Server.Data.EnvelopeDbContext>();
            Envelope.Server.Features.Audit.AuditLog.Record(db, app.Time, org.Id, null, "secret.store", null, "one");
            await db.SaveChangesAsync();
        }

        var byNewName = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secrets.store")))["data"]!.AsArray();
        var byOldName = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secret.store")))["data"]!.AsArray();

        Assert.Equal(["secret.store", "secrets.store"], byNewName.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal(byNewName.Select(e => e!["id"]!.GetValue<long>()), byOldName.Select(e => e!["id"]!.GetValue<long>()));
        Assert.True((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events/verify")))["data"]!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AuditEvents_OfAnotherOrganization_AreInvisible()
    {
        var victim = await app.CreateOrganizationAsync();
        await victim.CreateProjectAsync("secret-project");
        var intruder = await app.CreateOrganizationAsync();

        var own = await JsonApi.ReadAsync(await intruder.Owner.GetAsync($"/api/v1/{intruder.Id}/audit-events"));

        Assert.Equal(["organization.create"], own["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        await JsonApi.AssertErrorAsync(await intruder.Owner.GetAsync($"/api/v1/{victim.Id}/audit-events"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Usage_CountsBillableVersionsAndStoredBytes()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var first = await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.StoreAsync("my-app", null, null, "A=22\n");
        await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{first}/destroy", null);
        var reader = await org.ClientWithAbilitiesAsync("organization:read");

        var usage = (await JsonApi.ReadAsync(await reader.GetAsync($"/api/v1/{org.Id}/usage")))["data"]!;

        Assert.Equal(1, usage["active_versions"]!.GetValue<int>());
        Assert.Equal(1, usage["destroyed_versions"]!.GetValue<int>());
        // The current content (5 bytes) and its version (5 bytes); the destroyed version no longer counts.
        Assert.Equal(10, usage["stored_bytes"]!.GetValue<long>());
        Assert.Equal("my-app", usage["projects"]![0]!["project"]!.GetValue<string>());
    }
}
