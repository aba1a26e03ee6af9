using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Secrets;

/// <summary>
/// Reads are served from memory while nothing changed (docs/performance.md). Each test reads once so that the read is
/// cached, changes something through the API, and proves the next read sees the change at once.
/// </summary>
public sealed class SecretReadCacheTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private const string Merged = "my-app/backend/production/secrets?decrypt=true&merge=true";

    [Fact]
    public async Task ReadSecrets_Repeated_AnswersTheSameBytes()
    {
        var org = await SetUpAsync();

        foreach (var query in new[] { Merged, Merged + "&raw=true", "my-app/backend/production/secrets", "my-app/backend/production/secrets?decrypt=true&merge=both" })
        {
            var first = await org.Owner.GetAsync($"/api/v1/{org.Id}/{query}");
            var second = await org.Owner.GetAsync($"/api/v1/{org.Id}/{query}");

            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task StoreSecrets_AfterACachedRead_NextReadReturnsTheNewValue()
    {
        var org = await SetUpAsync();
        var raw = await ReadRawAsync(org);

        await org.StoreAsync("my-app", "backend", "production", "C=changed\n");

        Assert.Equal("changed", (await MergedAsync(org))["C"]!.GetValue<string>());
        Assert.NotEqual(raw, await ReadRawAsync(org));
        Assert.Contains("C=changed", await ReadRawAsync(org), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAndRestore_AfterACachedRead_AreVisibleAtOnce()
    {
        var org = await SetUpAsync();
        var version = await org.StoreAsync("my-app", "backend", "production", "C=before-delete\n");
        Assert.Equal("before-delete", (await MergedAsync(org))["C"]!.GetValue<string>());

        var deleted = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", target = "backend", environment = "production" });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("target", (await MergedAsync(org))["C"]!.GetValue<string>());

        var restored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{version}/restore", new { });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("before-delete", (await MergedAsync(org))["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyRotation_AfterACachedRead_LevelsShowTheNewKeyVersion()
    {
        var org = await SetUpAsync();
        Assert.Equal(1, await EnvironmentKeyVersionAsync(org));

        var rotated = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);

        Assert.Equal(2, await EnvironmentKeyVersionAsync(org));
        Assert.Equal("environment", (await MergedAsync(org))["C"]!.GetValue<string>());
        await org.StoreAsync("my-app", "backend", "production", "C=new-key\n");
        Assert.Equal("new-key", (await MergedAsync(org))["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task DisabledKey_AfterACachedRead_RefusesTheDecryptedRead()
    {
        var org = await SetUpAsync();
        await MergedAsync(org);

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/disable", null)).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.BadRequest, "key_unavailable");

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/enable", null)).StatusCode);
        Assert.Equal("environment", (await MergedAsync(org))["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokedToken_AfterACachedRead_IsUnauthenticated()
    {
        var org = await SetUpAsync();
        var created = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "reader", abilities = new[] { "secret:read", "secret:decrypt" } }));
        var client = app.ClientWithToken(KnownSecrets.Register(created["data"]!["token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/{org.Id}/{Merged}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/tokens/{created["data"]!["id"]!.GetValue<string>()}")).StatusCode);

        await JsonApi.AssertErrorAsync(await client.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task CachedRead_IsStillRefused_WithoutDecryptAbility_OrOutsideARestrictedTokensProjects()
    {
        var org = await SetUpAsync();
        await org.CreateProjectAsync("other");
        await MergedAsync(org);
        var noDecrypt = await org.ClientWithAbilitiesAsync("secret:read");
        var elsewhere = app.ClientWithToken(await org.CreateTokenAsync(["secret:read", "secret:decrypt"], ["other"]));

        await JsonApi.AssertErrorAsync(await noDecrypt.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await elsewhere.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await elsewhere.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "decrypt" }), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeletedEnvironmentOrProject_AfterACachedRead_AreNotFound_AndASameNamedNewOneStartsEmpty()
    {
        var org = await SetUpAsync();
        await MergedAsync(org);

        // Into the recovery window: hidden at once, even from a read cached just before.
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/backend/environments/production")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");

        // Erased for good, its slug is free again.
        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/deleted/{await DeletedIdAsync(org, "my-app/backend/production")}?confirm=production")).StatusCode);
        await org.CreateEnvironmentAsync("my-app", "backend", "production");
        Assert.Equal("target", (await MergedAsync(org))["C"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/my-app?permanent=true&confirm=my-app")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets"), HttpStatusCode.NotFound, "not_found");

        await org.CreateHierarchyAsync();
        Assert.Empty((await MergedAsync(org)).AsObject());
    }

    [Fact]
    public async Task DeletedTarget_AfterACachedRead_IsNotFound_AndItsRestoreServesTheSameSecretsAgain()
    {
        var org = await SetUpAsync();
        var before = await ReadRawAsync(org);

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend")).StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets"), HttpStatusCode.NotFound, "not_found");

        var restored = await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{await DeletedIdAsync(org, "my-app/backend")}/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(before, await ReadRawAsync(org));
    }

    private static async Task<string> DeletedIdAsync(TestOrganization org, string path)
    {
        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted"));
        return list["data"]!.AsArray().Single(n => n!["path"]!.GetValue<string>() == path)!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task RenamedProject_AfterACachedRead_AnswersOnlyUnderItsNewSlug()
    {
        var org = await SetUpAsync();
        await MergedAsync(org);

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/projects/my-app", new { slug = "renamed" })).StatusCode);

        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");
        var renamed = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/renamed/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("environment", renamed["data"]!["attributes"]!["secrets"]!["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task StoreOnAnotherNode_AfterACachedRead_IsVisibleAtOnce()
    {
        var org = await SetUpAsync();
        await MergedAsync(org);
        await using var other = EnvelopeApplication.On(app.Database);
        await other.InitializeAsync();
        using var otherClient = other.ClientWithToken(org.OwnerToken);
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "C=from-the-other-node\n");

        var stored = await otherClient.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", environment = "production", content });

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("from-the-other-node", (await MergedAsync(org))["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteOnAnotherNode_AfterACachedRead_IsNotFoundAtOnce()
    {
        var org = await SetUpAsync();
        await MergedAsync(org);
        await using var other = EnvelopeApplication.On(app.Database);
        await other.InitializeAsync();
        using var otherClient = other.ClientWithToken(org.OwnerToken);

        Assert.Equal(HttpStatusCode.OK, (await otherClient.DeleteAsync($"/api/v1/{org.Id}/my-app/backend/environments/production")).StatusCode);

        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CacheTurnedOff_ReadsStillWork()
    {
        var uncached = new EnvelopeApplication();
        uncached.Settings["ENVELOPE_SECRET_CACHE_SECONDS"] = "0";
        IAsyncLifetime lifetime = uncached;
        await lifetime.InitializeAsync();
        try
        {
            var org = await uncached.CreateOrganizationAsync();
            await org.CreateHierarchyAsync();
            await org.StoreAsync("my-app", "backend", "production", "C=1\n");
            Assert.Equal("1", (await MergedAsync(org))["C"]!.GetValue<string>());
            await org.StoreAsync("my-app", "backend", "production", "C=2\n");

            Assert.Equal("2", (await MergedAsync(org))["C"]!.GetValue<string>());
        }
        finally
        {
            await lifetime.DisposeAsync();
        }
    }

    private async Task<TestOrganization> SetUpAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=project\nC=project\n");
        await org.StoreAsync("my-app", "backend", null, "B=target\nC=target\n");
        await org.StoreAsync("my-app", "backend", "production", "C=environment\n");
        Assert.Equal("environment", (await MergedAsync(org))["C"]!.GetValue<string>());
        return org;
    }

    private static async Task<JsonNode> MergedAsync(TestOrganization org)
    {
        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}");
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!["attributes"]!["secrets"]!;
    }

    private static async Task<string> ReadRawAsync(TestOrganization org) =>
        await (await org.Owner.GetAsync($"/api/v1/{org.Id}/{Merged}&raw=true")).Content.ReadAsStringAsync();

    private static async Task<int> EnvironmentKeyVersionAsync(TestOrganization org)
    {
        var body = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets"));
        return body["data"]!["attributes"]!["levels"]!["environment"]!["key_version"]!.GetValue<int>();
    }
}
