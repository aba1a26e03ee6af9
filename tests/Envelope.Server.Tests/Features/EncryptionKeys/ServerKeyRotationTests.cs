using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

public sealed class ServerKeyRotationTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task GetEncryptionKey_ServerManaged_GivesKeyAndVersion()
    {
        var org = await SeedAsync();

        var key = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key")))["data"]!;

        Assert.Equal("server", key["managed"]!.GetValue<string>());
        Assert.Equal(1, key["version"]!.GetValue<int>());
        Assert.Equal(32, Convert.FromBase64String(key["key"]!.GetValue<string>()).Length);
        Assert.True(key["active"]!.GetValue<bool>());
        Assert.Equal("active", key["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_WithKeep_MovesCurrentBlobs_AndOldVersionsStillDecryptUnderTheirKey()
    {
        var org = await SeedAsync();
        var old = await org.StoreAsync("my-app", "backend", "production", "A=old\n");
        await org.StoreAsync("my-app", null, null, "P=1\n");

        var rotated = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "keep" });

        var body = await JsonApi.ReadAsync(rotated);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(2, body["data"]!["key"]!["version"]!.GetValue<int>());
        Assert.Null(body["data"]!["job"]);
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets")))["data"]!["attributes"]!["levels"]!;
        Assert.Equal(2, levels["project"]!["key_version"]!.GetValue<int>());
        Assert.Equal(2, levels["environment"]!["key_version"]!.GetValue<int>());
        var merged = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("old", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
        var version = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{old}")))["data"]!;
        Assert.Equal(1, version["key_version"]!.GetValue<int>());
        Assert.Equal("A=old\n", TestBlobs.Open(Convert.FromBase64String(version["key"]!["key"]!.GetValue<string>()), version));
        // A new store must use the new key; one under the old key is refused.
        var staleStore = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "my-app", content = SecretsBlob.Encrypt(Convert.FromBase64String(version["key"]!["key"]!.GetValue<string>()), "A=1\n") });
        await JsonApi.AssertErrorAsync(staleStore, HttpStatusCode.UnprocessableEntity, "content_not_decryptable");
    }

    [Fact]
    public async Task Rotate_WithReEncrypt_TheJobMovesEveryHistoricalVersionOntoTheNewKey()
    {
        var org = await SeedAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await org.StoreAsync("my-app", "backend", "production", $"N={i}\n"));
        }

        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", target = "backend", environment = "production" });
        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        var jobId = rotated["data"]!["job"]!["id"]!.GetValue<string>();

        var job = await WaitForJobAsync(org, jobId);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(6, job["processed"]!.GetValue<int>());
        var newKey = Convert.FromBase64String(rotated["data"]!["key"]!["key"]!.GetValue<string>());
        foreach (var id in ids)
        {
            var version = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{id}")))["data"]!;
            Assert.Equal(2, version["key_version"]!.GetValue<int>());
            Assert.StartsWith("N=", TestBlobs.Open(newKey, version), StringComparison.Ordinal);
            Assert.True(SecretsBlob.IsV2(version["content"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Rotate_WithoutPolicy_UsesTheProjectSetting()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/projects/my-app", new { history_policy = "re_encrypt" });

        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null));

        Assert.NotNull(rotated["data"]!["job"]);
        await WaitForJobAsync(org, rotated["data"]!["job"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_ClientManagedProject_Returns400()
    {
        var org = await app.CreateOrganizationAsync();
        await Secrets.ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "vault");

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/vault/encryption-key/rotate", null);

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "client_managed_key");
    }

    [Fact]
    public async Task Rotate_MoreThanTenTimesAnHour_Returns429WithRetryAfter_ThenRecovers()
    {
        var org = await SeedAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null)).StatusCode);
        }

        var limited = await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null);

        await JsonApi.AssertErrorAsync(limited, (HttpStatusCode)429, "rate_limited");
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        app.Time.Advance(TimeSpan.FromSeconds(retryAfter + 1));
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null)).StatusCode);
        var history = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key/history")))["data"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, 12).Reverse(), history.Select(k => k!["version"]!.GetValue<int>()));
        Assert.True(history[0]!["active"]!.GetValue<bool>());
        Assert.All(history.Skip(1), k => Assert.Equal("retired", k!["state"]!.GetValue<string>()));
    }

    private async Task<TestOrganization> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        return org;
    }

    /// <summary>Polls the job through the API until it completes; the worker runs in the background of the real host.</summary>
    internal static async Task<JsonNode> WaitForJobAsync(TestOrganization org, string jobId, string project = "my-app")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{project}/encryption-key/jobs/{jobId}")))["data"]!;
            if (job["status"]!.GetValue<string>() == "completed")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The job did not complete: {job.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
