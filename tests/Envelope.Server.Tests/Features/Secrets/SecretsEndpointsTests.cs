using System.Net;
using System.Net.Http.Json;
using System.Text;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Secrets;

public sealed class SecretsEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task StoreSecrets_AtEnvironmentLevel_ReturnsLevelSourceAndBytes()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        const string dotenv = "DATABASE_URL=postgres://u:p@db/app\nDEBUG=false\n";
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), dotenv);

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "my-app", target = "backend", environment = "production", content });

        var body = await JsonApi.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secrets", body["data"]!["type"]!.GetValue<string>());
        Assert.Equal("environment", body["data"]!["level"]!.GetValue<string>());
        Assert.Equal("production", body["data"]!["source"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetByteCount(dotenv), body["data"]!["bytes"]!.GetValue<int>());
        Assert.Equal("Secrets stored successfully.", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadSecrets_AtEachDepth_ReturnsTheLevelsUpToIt_DeepestWinsOnMerge()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=project\nB=project\n");
        await org.StoreAsync("my-app", "backend", null, "B=target\nC=target\n");
        await org.StoreAsync("my-app", "backend", "production", "C=environment\n");

        var projectLevel = await ReadAsync(org, "my-app/secrets");
        var targetLevel = await ReadAsync(org, "my-app/backend/secrets");
        var environmentLevel = await ReadAsync(org, "my-app/backend/production/secrets");
        var merged = await ReadAsync(org, "my-app/backend/production/secrets?decrypt=true&merge=true");
        var both = await ReadAsync(org, "my-app/backend/production/secrets?decrypt=true&merge=both");

        Assert.Equal(["project"], Levels(projectLevel));
        Assert.Equal(["project", "target"], Levels(targetLevel));
        Assert.Equal(["project", "target", "environment"], Levels(environmentLevel));
        var attributes = environmentLevel["data"]!["attributes"]!;
        Assert.True(attributes["encrypted"]!.GetValue<bool>());
        Assert.Equal("hierarchical", attributes["format"]!.GetValue<string>());
        var environmentBlob = attributes["levels"]!["environment"]!;
        Assert.Equal(26, environmentBlob["id"]!.GetValue<string>().Length);
        Assert.Equal(1, environmentBlob["key_version"]!.GetValue<int>());
        Assert.True(SecretsBlob.IsWellFormed(environmentBlob["content"]!.GetValue<string>()));

        var secrets = merged["data"]!["attributes"]!["secrets"]!;
        Assert.Equal("project", secrets["A"]!.GetValue<string>());
        Assert.Equal("target", secrets["B"]!.GetValue<string>());
        Assert.Equal("environment", secrets["C"]!.GetValue<string>());
        Assert.Null(merged["data"]!["attributes"]!["levels"]);
        Assert.Equal("target", both["data"]!["attributes"]!["levels"]!["target"]!["C"]!.GetValue<string>());
        Assert.Equal("environment", both["data"]!["attributes"]!["secrets"]!["C"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadSecrets_Raw_ReturnsMergedDotenvAsPlainText()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\nSHARED=project\n");
        await org.StoreAsync("my-app", "backend", "production", "SHARED='from env'\n");

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true&raw=true");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var parsed = DotEnv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([("A", "1"), ("SHARED", "from env")], parsed.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task ReadSecrets_DecryptWithoutSecretDecrypt_Returns403()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var reader = await org.ClientWithAbilitiesAsync("secret:read");

        var encrypted = await reader.GetAsync($"/api/v1/{org.Id}/my-app/secrets");
        var decrypted = await reader.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true");

        Assert.Equal(HttpStatusCode.OK, encrypted.StatusCode);
        var body = await JsonApi.AssertErrorAsync(decrypted, HttpStatusCode.Forbidden, "insufficient_permissions");
        Assert.Equal("secret:decrypt", body["details"]!["required_ability"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("decrypt=yes", "decrypt")]
    [InlineData("merge=maybe", "merge")]
    [InlineData("raw=2", "raw")]
    public async Task ReadSecrets_WithBadQuery_Returns422NamingTheParameter(string query, string field)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?{query}");

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]![field]);
    }

    [Theory]
    [InlineData("nope/secrets")]
    [InlineData("my-app/nope/secrets")]
    [InlineData("my-app/backend/nope/secrets")]
    public async Task ReadSecrets_UnknownSlug_Returns404(string path)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{path}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task StoreSecrets_ServerManagedUnderAnotherKey_Returns422AndStoresNothing()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var wrongKey = Convert.FromBase64String(ClientKey.Generate());

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "my-app", content = SecretsBlob.Encrypt(wrongKey, "A=1\n") });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "content_not_decryptable");
        await AssertLevelEmptyAsync(org, "my-app/secrets");
    }

    [Fact]
    public async Task StoreSecrets_ServerManagedThatIsNotDotenv_Returns422AndStoresNothing()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "my-app", content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "this is not a dotenv file\n") });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_dotenv");
        await AssertLevelEmptyAsync(org, "my-app/secrets");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public async Task StoreSecrets_WithMalformedBlob_Returns422(string content)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", content });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["content"]);
        await AssertLevelEmptyAsync(org, "my-app/secrets");
    }

    [Fact]
    public async Task StoreSecrets_OverTheContentLimit_Returns422()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var huge = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=" + new string('x', 300 * 1024) + "\n");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", content = huge });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Theory]
    [InlineData("{\"project\":\"my-app\",\"environment\":\"production\",\"content\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 422)]
    [InlineData("{\"project\":\"nope\",\"content\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 404)]
    [InlineData("{\"project\":\"my-app\",\"target\":\"nope\",\"content\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 404)]
    [InlineData("{\"content\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}", 422)]
    [InlineData("{\"project\":\"my-app\",\"content\":12}", 400)]
    [InlineData("{\"project\":\"my-app\",\"content\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"no_backup\":\"yes\"}", 400)]
    public async Task StoreSecrets_WithBadLevelOrTypes_ReturnsClear4xx(string json, int status)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/store", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.NotNull((await JsonApi.ReadAsync(response))["error"]);
        await AssertLevelEmptyAsync(org, "my-app/backend/production/secrets");
    }

    [Fact]
    public async Task Retrieve_WithFilters_ReturnsOnlyMatchingKeys()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "# @tags: db\nDATABASE_URL=pg\nAPI_KEY=k\nLOG_LEVEL=debug\n");

        async Task<string[]> KeysAsync(object filters)
        {
            var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "decrypt", merge = true, filters });
            var body = await JsonApi.ReadAsync(response);
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            return [.. body["data"]!["attributes"]!["secrets"]!.AsObject().Select(p => p.Key)];
        }

        Assert.Equal(["API_KEY"], await KeysAsync(new { names = new[] { "API_KEY" } }));
        Assert.Equal(["DATABASE_URL"], await KeysAsync(new { tags = new[] { "db" } }));
        Assert.Equal(["LOG_LEVEL"], await KeysAsync(new { search = "log" }));
    }

    [Fact]
    public async Task Retrieve_FiltersOnCiphertext_ReturnsEveryLevelAndNamesThemIgnored()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\nB=2\n");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "read", filters = new { names = new[] { "A" } } });

        var body = await JsonApi.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attributes = body["data"]!["attributes"]!;
        Assert.True(attributes["encrypted"]!.GetValue<bool>());
        Assert.Equal(["filters"], attributes["ignored"]!.AsArray().Select(n => n!.GetValue<string>()));
        var plain = await ReadAsync(org, "my-app/secrets");
        Assert.Equal(plain["data"]!["attributes"]!["levels"]!.ToJsonString(), attributes["levels"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("false")]
    public async Task Retrieve_AcceptsMergeAsStringOrBoolean(string merge)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/retrieve",
            new StringContent($$"""{"project":"my-app","action":"read","merge":{{merge}},"raw":false}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task DeleteSecrets_ClearsTheLevelAndKeepsARestorableSnapshot()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", null, "A=1\n");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", target = "backend" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertLevelEmptyAsync(org, "my-app/backend/secrets");
        var versions = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app", target = "backend" }));
        var newest = versions["data"]![0]!;
        Assert.Equal("delete", newest["reason"]!.GetValue<string>());
        Assert.Equal("current", newest["stage"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", target = "backend" })).StatusCode);
    }

    [Fact]
    public async Task DeleteSecrets_NoBackup_NeedsConfirmationAndPurgeAbility_ThenRemovesHistory()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        var writer = await org.ClientWithAbilitiesAsync("secret:write");
        var body = new { project = "my-app", no_backup = true, confirmed = true };

        var withoutPurge = await writer.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", body);
        var unconfirmed = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", new { project = "my-app", no_backup = true });
        var purged = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/delete", body);

        await JsonApi.AssertErrorAsync(withoutPurge, HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(unconfirmed, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        var versions = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app" }));
        Assert.Empty(versions["data"]!.AsArray());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> ReadAsync(TestOrganization org, string path)
    {
        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/{path}");
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    private static string[] Levels(System.Text.Json.Nodes.JsonNode body) =>
        [.. body["data"]!["attributes"]!["levels"]!.AsObject().Select(p => p.Key)];

    private async Task AssertLevelEmptyAsync(TestOrganization org, string path) =>
        Assert.Empty((await ReadAsync(org, path))["data"]!["attributes"]!["levels"]!.AsObject());
}
