using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Tests.Features.EncryptionKeys;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Versions;

/// <summary>The version chain through the real server and database: what every write leaves, and what tampering shows.</summary>
public sealed class VersionChainTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private const string VerifyPath = "secrets/versions/verify?project=my-app&target=backend&environment=production";
    private static readonly object Level = new { project = "my-app", target = "backend", environment = "production" };

    [Fact]
    public async Task Chain_AcrossStoreRestoreDeleteDestroyAndPurge_Links_AndVerifies()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{first}/restore", new { });
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", Level);
        var snapshot = (await ListAsync(org))[0]!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{snapshot}/restore", null)).StatusCode);

        var listed = await ListAsync(org);
        Assert.Equal(5, listed.Count);
        for (var i = 0; i < listed.Count - 1; i++)
        {
            Assert.Matches("^[0-9a-f]{64}$", listed[i]!["hash"]!.GetValue<string>());
            Assert.Equal(listed[i + 1]!["hash"]!.GetValue<string>(), listed[i]!["previous_hash"]!.GetValue<string>());
            Assert.Equal(listed[i + 1]!["id"]!.GetValue<long>(), listed[i]!["chain"]!["previous_version"]!.GetValue<long>());
        }

        Assert.Null(listed[^1]!["previous_hash"]);
        var hashes = listed.Select(v => v!["hash"]!.GetValue<string>()).ToList();

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{second}/destroy", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{first}")).StatusCode);
        var afterRemovals = await VerifyAsync(org);
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/purge", new { project = "my-app", target = "backend", environment = "production", confirmed = true });
        var latest = await org.StoreAsync("my-app", "backend", "production", "A=3\n");
        var afterPurge = await VerifyAsync(org);

        Assert.True(afterRemovals["valid"]!.GetValue<bool>(), afterRemovals.ToJsonString());
        Assert.Equal(5, afterRemovals["versions_checked"]!.GetValue<int>());
        Assert.True(afterPurge["valid"]!.GetValue<bool>(), afterPurge.ToJsonString());
        Assert.Equal(6, afterPurge["versions_checked"]!.GetValue<int>());
        Assert.Null(afterPurge["first_break"]);
        // The purged history is out of sight, but the new version still extends its chain.
        var remaining = Assert.Single(await ListAsync(org))!;
        Assert.Equal(latest, remaining["id"]!.GetValue<long>());
        Assert.Equal(hashes[0], remaining["previous_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_AfterHistoryReEncryption_StillHolds()
    {
        var org = await SeedAsync();
        for (var i = 0; i < 3; i++)
        {
            await org.StoreAsync("my-app", "backend", "production", $"N={i}\n");
        }

        var before = (await ListAsync(org)).Select(v => v!["hash"]!.GetValue<string>()).ToList();
        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        await ServerKeyRotationTests.WaitForJobAsync(org, rotated["data"]!["job"]!["id"]!.GetValue<string>());

        var listed = await ListAsync(org);
        var verification = await VerifyAsync(org);

        Assert.All(listed, v => Assert.Equal(2, v!["key_version"]!.GetValue<int>()));
        Assert.All(listed, v => Assert.NotNull(v!["chain"]!["re_encryption_hash"]));
        Assert.Equal(before, listed.Select(v => v!["hash"]!.GetValue<string>()));
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
    }

    [Fact]
    public async Task Verify_AVersionBlobSwappedInTheDatabase_NamesThatVersion()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        var third = await org.StoreAsync("my-app", "backend", "production", "A=3\n");

        await ExecuteSqlAsync($"UPDATE secret_versions SET \"Content\" = (SELECT \"Content\" FROM secret_versions WHERE \"Id\" = {third}) WHERE \"Id\" = {second}");

        await AssertBreakAsync(org, second, "content_mismatch");
    }

    [Fact]
    public async Task Verify_AVersionRowDeletedInTheDatabase_NamesTheMissingVersion()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        await org.StoreAsync("my-app", "backend", "production", "A=3\n");

        await ExecuteSqlAsync($"DELETE FROM secret_versions WHERE \"Id\" = {second}");

        await AssertBreakAsync(org, second, "missing_version");
    }

    [Fact]
    public async Task Verify_AnEditedHashOrField_NamesTheFirstBrokenLink()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        var third = await org.StoreAsync("my-app", "backend", "production", "A=3\n");
        Assert.True((await VerifyAsync(org))["valid"]!.GetValue<bool>());

        await ExecuteSqlAsync($"UPDATE secret_versions SET \"Hash\" = (SELECT \"Hash\" FROM secret_versions WHERE \"Id\" = {first}) WHERE \"Id\" = {third}");
        await AssertBreakAsync(org, third, "hash_mismatch");

        // An edited field (the author) breaks its own link, which comes first.
        await ExecuteSqlAsync($"UPDATE secret_versions SET \"CreatedByTokenId\" = NULL WHERE \"Id\" = {second}");
        await AssertBreakAsync(org, second, "hash_mismatch");

        // A link re-hashed to fit an edit no longer matches what its successor recorded.
        await ExecuteSqlAsync($"UPDATE secret_versions SET \"PreviousHash\" = NULL, \"PreviousVersionId\" = NULL WHERE \"Id\" = {second}");
        await AssertBreakAsync(org, second, "previous_mismatch");
    }

    [Fact]
    public async Task Verify_NeedsSecretHistory_AndAnswersAnUnknownLevelWith404()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var reader = await org.ClientWithAbilitiesAsync("secret:read");

        await JsonApi.AssertErrorAsync(await reader.GetAsync($"/api/v1/{org.Id}/{VerifyPath}"), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/verify?project=nope"), HttpStatusCode.NotFound, "not_found");
        var empty = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/verify?project=my-app&target=backend")))["data"]!;
        Assert.True(empty["valid"]!.GetValue<bool>());
        Assert.Equal(0, empty["versions_checked"]!.GetValue<int>());
    }

    [Fact]
    public async Task EncryptedRead_CarriesTheCurrentVersionAndItsHash()
    {
        var org = await SeedAsync();
        var id = await org.StoreAsync("my-app", "backend", "production", "A=1\n");

        var level = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets")))["data"]!["attributes"]!["levels"]!["environment"]!;
        var listed = (await ListAsync(org))[0]!;

        Assert.Equal(id, level["version"]!.GetValue<long>());
        Assert.Equal(listed["hash"]!.GetValue<string>(), level["version_hash"]!.GetValue<string>());
    }

    private async Task AssertBreakAsync(TestOrganization org, long number, string reason)
    {
        var verification = await VerifyAsync(org);
        Assert.False(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(number, verification["first_break"]!["number"]!.GetValue<long>());
        Assert.Equal(reason, verification["first_break"]!["reason"]!.GetValue<string>());
    }

    private async Task ExecuteSqlAsync(string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<TestOrganization> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        return org;
    }

    private static async Task<JsonNode> VerifyAsync(TestOrganization org)
    {
        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/{VerifyPath}");
        var json = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["data"]!;
    }

    private static async Task<JsonArray> ListAsync(TestOrganization org)
    {
        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", Level);
        var json = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["data"]!.AsArray();
    }
}
