using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Versions;

public sealed class VersionsEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private static readonly object Level = new { project = "my-app", target = "backend", environment = "production" };

    [Fact]
    public async Task ListVersions_NewestFirst_CurrentStageOnTheNewest_Paginated()
    {
        var org = await SeedAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await org.StoreAsync("my-app", "backend", "production", $"N={i}\n"));
        }

        var page1 = await ListAsync(org, new { project = "my-app", target = "backend", environment = "production", page = 1, per_page = 2 });
        var page2 = await ListAsync(org, new { project = "my-app", target = "backend", environment = "production", page = 2, per_page = 2 });

        var listed = page1["data"]!.AsArray().Concat(page2["data"]!.AsArray()).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.Select(v => v!["id"]!.GetValue<long>()));
        Assert.Equal("current", listed[0]!["stage"]!.GetValue<string>());
        Assert.All(listed.Skip(1), v => Assert.Null(v!["stage"]));
        Assert.All(listed, v => Assert.Equal("active", v!["status"]!.GetValue<string>()));
        Assert.All(listed, v => Assert.Null(v!["content"]));
        Assert.Equal(3, page1["meta"]!["total"]!.GetValue<int>());
        Assert.Equal(2, page1["meta"]!["last_page"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetVersion_ReturnsContentAndKeyDescriptor_KeyOnlyWithKeyRetrieve()
    {
        var org = await SeedAsync();
        var id = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var historian = await org.ClientWithAbilitiesAsync("secret:history");

        var withKey = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{id}")))["data"]!;
        var withoutKey = (await JsonApi.ReadAsync(await historian.GetAsync($"/api/v1/{org.Id}/secrets/versions/{id}")))["data"]!;

        var key = Convert.FromBase64String(withKey["key"]!["key"]!.GetValue<string>());
        Assert.Equal("A=1\n", TestBlobs.Open(key, withKey));
        Assert.Equal("server", withKey["key"]!["managed"]!.GetValue<string>());
        Assert.Equal(1, withKey["key"]!["version"]!.GetValue<int>());
        Assert.Null(withoutKey["key"]!["key"]);
        Assert.NotNull(withoutKey["content"]);
    }

    [Theory]
    [InlineData("GET", "abc")]
    [InlineData("GET", "1.5")]
    [InlineData("DELETE", "x")]
    [InlineData("POST", "abc/restore")]
    [InlineData("GET", "99999999999")]
    public async Task VersionEndpoints_WithNonNumericOrUnknownVersion_Return404Json(string method, string version)
    {
        var org = await SeedAsync();

        var response = await org.Owner.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/v1/{org.Id}/secrets/versions/{version}"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RestoreVersion_AppendsANewCurrentVersionWithTheOldContent()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=first\n");
        await org.StoreAsync("my-app", "backend", "production", "A=second\n");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { });

        var data = (await JsonApi.ReadAsync(response))["data"]!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), data["restored_from"]!.GetValue<string>());
        var merged = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("first", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
        var versions = (await ListAsync(org, Level))["data"]!.AsArray();
        Assert.Equal(3, versions.Count);
        Assert.Equal("restore", versions[0]!["reason"]!.GetValue<string>());
        Assert.Equal(first, versions[0]!["restored_from"]!.GetValue<long>());
        Assert.Equal(data["version"]!.GetValue<long>(), versions[0]!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task RestoreVersion_OfADeletedLevel_BringsItBack()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", Level);
        var snapshot = (await ListAsync(org, Level))["data"]![0]!["id"]!.GetValue<long>();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}/restore", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("1", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
    }

    [Fact]
    public async Task Versions_OutsideThePlansWindow_AreLocked_BeforeAnythingElse()
    {
        var org = await SeedAsync();
        var old = await org.StoreAsync("my-app", "backend", "production", "A=old\n");
        app.Time.Advance(TimeSpan.FromDays(8));
        var fresh = await org.StoreAsync("my-app", "backend", "production", "A=new\n");

        var fetch = await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{old}");
        var restore = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{old}/restore", new { });
        var list = (await ListAsync(org, Level))["data"]!.AsArray();

        var body = await JsonApi.AssertErrorAsync(fetch, HttpStatusCode.Forbidden, "version_locked");
        Assert.Equal(7, body["details"]!["retention_days"]!.GetValue<int>());
        Assert.NotNull(body["details"]!["version_created_at"]);
        await JsonApi.AssertErrorAsync(restore, HttpStatusCode.Forbidden, "version_locked");
        Assert.True(list.Single(v => v!["id"]!.GetValue<long>() == old)!["locked"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{fresh}")).StatusCode);
    }

    [Fact]
    public async Task DestroyVersion_KeepsMetadata_ThenFetchAndRestoreAnswer410()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var destroyed = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{first}/destroy", null);

        Assert.Equal("destroyed", (await JsonApi.ReadAsync(destroyed))["data"]!["status"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{first}"), HttpStatusCode.Gone, "version_destroyed");
        await JsonApi.AssertErrorAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { }), HttpStatusCode.Gone, "version_destroyed");
        var listed = (await ListAsync(org, Level))["data"]!.AsArray().Single(v => v!["id"]!.GetValue<long>() == first)!;
        Assert.Equal("destroyed", listed["status"]!.GetValue<string>());
        Assert.NotNull(listed["destroyed_at"]);
        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SecretVersions.SingleAsync(v => v.Id == first);
        Assert.Null(row.Content);
    }

    [Fact]
    public async Task DeleteVersion_TheOnlySnapshotOfADeletedSecret_IsProtectedUnlessForced_InTheQueryOrTheBody()
    {
        var org = await SeedAsync();
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", target = "backend", environment = "production", confirmed = true });
        var only = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", target = "backend", environment = "production", confirmed = true });
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", Level);
        var snapshot = (await ListAsync(org, Level))["data"]![0]!["id"]!.GetValue<long>();

        var refused = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}");
        var refusedDestroy = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}/destroy", null);
        var disagreeing = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}/destroy?force=false", new { force = true });
        var forcedDestroy = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}/destroy", new { force = true });
        var forced = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}?force=true");

        Assert.NotEqual(only, snapshot);
        await JsonApi.AssertErrorAsync(refused, HttpStatusCode.UnprocessableEntity, "version_protected");
        await JsonApi.AssertErrorAsync(refusedDestroy, HttpStatusCode.UnprocessableEntity, "version_protected");
        await JsonApi.AssertErrorAsync(disagreeing, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, forcedDestroy.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        Assert.Empty((await ListAsync(org, Level))["data"]!.AsArray());
    }

    [Fact]
    public async Task DeleteVersion_AnOrdinaryOne_Returns204()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{first}")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{first}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PurgeVersions_NeedsConfirmation_AndPurgesALevelOrTheProject()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", null, null, "P=1\n");
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var unconfirmed = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", Level);
        var badScope = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", scope = "galaxy", confirmed = true });
        var level = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", target = "backend", environment = "production", scope = "level", confirmed = true });
        var project = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", scope = "project", confirmed = true });

        var unconfirmedBody = await JsonApi.AssertErrorAsync(unconfirmed, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(unconfirmedBody["details"]!["confirmed"]);
        await JsonApi.AssertErrorAsync(badScope, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(2, (await JsonApi.ReadAsync(level))["data"]!["purged_count"]!.GetValue<int>());
        Assert.Equal(1, (await JsonApi.ReadAsync(project))["data"]!["purged_count"]!.GetValue<int>());
        // Purging history never touches the current content.
        var merged = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("2", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
    }

    [Fact]
    public async Task LastAccessedAt_IsRecordedByReadsAndFlushedInBatches()
    {
        var org = await SeedAsync();
        var id = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        Assert.Null((await ListAsync(org, Level))["data"]![0]!["last_accessed_at"]);

        await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await app.Services.GetRequiredService<LastAccessRecorder>().FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), CancellationToken.None);
        }

        var listed = (await ListAsync(org, Level))["data"]![0]!;
        Assert.Equal(id, listed["id"]!.GetValue<long>());
        Assert.NotNull(listed["last_accessed_at"]);
    }

    private async Task<TestOrganization> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        return org;
    }

    private static async Task<JsonNode> ListAsync(TestOrganization org, object body)
    {
        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", body);
        var json = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }
}
