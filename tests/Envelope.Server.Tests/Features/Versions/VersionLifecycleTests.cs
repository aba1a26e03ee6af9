using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Tests.Features.Secrets;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Versions;

/// <summary>Stage current, per-level numbers, destroying the current version, retention windows and key states.</summary>
public sealed class VersionLifecycleTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private static readonly object Level = new { project = "my-app", target = "backend", environment = "production" };

    [Fact]
    public async Task StoreWithNoBackup_RecordsNoVersion_TheNewestStaysCurrent()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=2\n");

        var stored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "my-app", target = "backend", environment = "production", content, no_backup = true });

        var body = await JsonApi.ReadAsync(stored);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Null(body["data"]!["version"]);
        var listed = await ListAsync(org);
        var only = Assert.Single(listed["data"]!.AsArray())!;
        Assert.Equal(first, only["id"]!.GetValue<long>());
        Assert.Equal("current", only["stage"]!.GetValue<string>());
        Assert.Equal(1, listed["meta"]!["current_version"]!.GetValue<int>());
        Assert.Equal("2", (await MergedAsync(org))["A"]!.GetValue<string>());
    }

    [Fact]
    public async Task DestroyCurrentVersion_ClearsTheLevel_EvenForACachedRead()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        Assert.Equal("2", (await MergedAsync(org))["A"]!.GetValue<string>());

        var destroyed = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{second}/destroy", null);

        var body = await JsonApi.ReadAsync(destroyed);
        Assert.Equal(HttpStatusCode.OK, destroyed.StatusCode);
        Assert.Equal("destroyed", body["data"]!["status"]!.GetValue<string>());
        Assert.Null(body["data"]!["stage"]);
        Assert.Null((await MergedAsync(org))["A"]);
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets")))["data"]!["attributes"]!["levels"]!.AsObject();
        Assert.False(levels.ContainsKey("environment"));
        var listed = await ListAsync(org);
        var data = listed["data"]!.AsArray();
        Assert.Equal([null, "current"], data.Select(v => v!["stage"]?.GetValue<string>()));
        Assert.Equal(first, data[1]!["id"]!.GetValue<long>());
        Assert.Equal(1, listed["meta"]!["current_version"]!.GetValue<int>());

        // The older version is untouched and brings the level back.
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { })).StatusCode);
        Assert.Equal("1", (await MergedAsync(org))["A"]!.GetValue<string>());
        Assert.Equal(3, (await ListAsync(org))["data"]![0]!["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task DestroyOlderVersion_LeavesTheLevelAndTheCurrentStage()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var destroyed = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{first}/destroy", null);

        Assert.Equal(HttpStatusCode.OK, destroyed.StatusCode);
        Assert.Equal("2", (await MergedAsync(org))["A"]!.GetValue<string>());
        var data = (await ListAsync(org))["data"]!.AsArray();
        Assert.Equal(second, data[0]!["id"]!.GetValue<long>());
        Assert.Equal("current", data[0]!["stage"]!.GetValue<string>());
        Assert.Null(data[1]!["stage"]);
    }

    [Fact]
    public async Task DestroyCurrentVersion_OfAClientManagedLevel_ClearsTheLevel()
    {
        var org = await app.CreateOrganizationAsync();
        var key = await ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "vault");
        var stored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "A=1\n"), key_proof = key.Proof });
        var version = (await JsonApi.ReadAsync(stored))["data"]!["version"]!.GetValue<long>();

        var destroyed = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{version}/destroy", null);

        Assert.Equal(HttpStatusCode.OK, destroyed.StatusCode);
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets")))["data"]!["attributes"]!["levels"]!.AsObject();
        Assert.Empty(levels);
    }

    [Fact]
    public async Task ConcurrentStores_ToOneLevel_GetDistinctNumbersInWriteOrder()
    {
        var org = await SeedAsync();

        var ids = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => org.StoreAsync("my-app", "backend", "production", $"N={i}\n")));

        var data = (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app", target = "backend", environment = "production", per_page = 100 }))
            .Content.ReadFromJsonAsync<JsonNode>();
        var versions = (await data)!["data"]!.AsArray();
        Assert.Equal(ids.Order().Reverse(), versions.Select(v => v!["id"]!.GetValue<long>()));
        Assert.Equal(Enumerable.Range(1, 20).Reverse(), versions.Select(v => v!["number"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("team", 90)]
    [InlineData("business", 365)]
    public async Task Versions_OnPaidPlans_StayOpenForThePlansWindow_ThenLock(string plan, int retentionDays)
    {
        var org = await SeedAsync();
        await SetPlanAsync(org, plan);
        var old = await org.StoreAsync("my-app", "backend", "production", "A=old\n");

        app.Time.Advance(TimeSpan.FromDays(retentionDays - 1));
        var open = await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{old}");
        app.Time.Advance(TimeSpan.FromDays(2));
        var locked = await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{old}");
        var lockedRestore = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{old}/restore", new { });

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var body = await JsonApi.AssertErrorAsync(locked, HttpStatusCode.Forbidden, "version_locked");
        Assert.Equal(retentionDays, body["details"]!["retention_days"]!.GetValue<int>());
        await JsonApi.AssertErrorAsync(lockedRestore, HttpStatusCode.Forbidden, "version_locked");
    }

    [Fact]
    public async Task StoreAndRestore_UnderAKeyPendingDeletion_Return400KeyUnavailable_MetadataStaysReadable()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=2\n");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/schedule-deletion", new { days = 7 })).StatusCode);

        var store = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", environment = "production", content });
        var restore = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { });

        var storeBody = await JsonApi.AssertErrorAsync(store, HttpStatusCode.BadRequest, "key_unavailable");
        Assert.Equal("pending_deletion", storeBody["details"]!["key_state"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(restore, HttpStatusCode.BadRequest, "key_unavailable");
        var listed = (await ListAsync(org))["data"]!.AsArray();
        Assert.Equal(first, Assert.Single(listed)!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task ClientManagedStore_UnderADisabledKey_Returns400KeyUnavailable_AndStoresNothing()
    {
        var org = await app.CreateOrganizationAsync();
        var key = await ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "vault");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/vault/encryption-key/disable", null)).StatusCode);

        var stored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "A=1\n"), key_proof = key.Proof });

        var body = await JsonApi.AssertErrorAsync(stored, HttpStatusCode.BadRequest, "key_unavailable");
        Assert.Equal("disabled", body["details"]!["key_state"]!.GetValue<string>());
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets")))["data"]!["attributes"]!["levels"]!.AsObject();
        Assert.Empty(levels);
        var versions = (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "vault" })))["data"]!.AsArray();
        Assert.Empty(versions);
    }

    private async Task<TestOrganization> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        return org;
    }

    private async Task SetPlanAsync(TestOrganization org, string plan)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        await db.Organizations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.PlanName, plan));
    }

    private static async Task<JsonNode> ListAsync(TestOrganization org)
    {
        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", Level);
        var json = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    private static async Task<JsonObject> MergedAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true")))["data"]!["attributes"]!["secrets"]!.AsObject();
}
