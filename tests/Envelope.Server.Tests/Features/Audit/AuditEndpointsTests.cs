using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;

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
            ["version.purge", "secret.delete", "version.destroy", "version.restore", "secret.store", "secret.store", "token.create", "project.create"],
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

        var stores = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secret.store"));
        var ofOne = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?project=one"));
        var future = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?since={Uri.EscapeDataString(app.Time.GetUtcNow().AddHours(1).ToString("O"))}"));

        Assert.Equal(2, stores["data"]!.AsArray().Count);
        Assert.Equal(["secret.store", "project.create"], ofOne["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        Assert.Empty(future["data"]!.AsArray());
    }

    [Fact]
    public async Task AuditEvents_OfAnotherOrganization_AreInvisible()
    {
        var victim = await app.CreateOrganizationAsync();
        await victim.CreateProjectAsync("secret-project");
        var intruder = await app.CreateOrganizationAsync();

        var own = await JsonApi.ReadAsync(await intruder.Owner.GetAsync($"/api/v1/{intruder.Id}/audit-events"));

        Assert.Empty(own["data"]!.AsArray());
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
