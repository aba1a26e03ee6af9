using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Secrets;

/// <summary>
/// A client written from the specification alone must work: each test sends an example of 02-secrets.txt as printed
/// there (bodies and query strings copied literally), on a server-managed and on a client-managed project.
/// </summary>
public sealed class SpecExampleTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    // 02-secrets.txt, "Retrieving secrets (POST retrieve)".
    private const string RetrieveExample = """
        {
        "project": "my-app",
        "target": "backend",
        "environment": "production",
        "action": "read",
        "filters": { "names": ["DATABASE_URL", "API_KEY"] },
        "merge": "false",
        "raw": false
        }
        """;

    // 02-secrets.txt, "Deleting secrets (POST delete)".
    private const string DeleteExample = """
        {
        "project": "my-app",
        "target": "backend",
        "environment": "production",
        "no_backup": false
        }
        """;

    // 02-secrets.txt, "Decrypted, merged, raw — ready for an .env file".
    private const string DecryptedMergedRaw = "my-app/backend/production/secrets?decrypt=true&merge=true&raw=true";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retrieve_TheSpecsExample_ReturnsTheCiphertextLevelsAndNamesTheFiltersIgnored(bool clientManaged)
    {
        var org = await CreateHierarchyAsync(clientManaged);
        var stored = await StoreAsync(org, clientManaged, "DATABASE_URL=pg\nAPI_KEY=k\nOTHER=o\n");

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/retrieve", Json(RetrieveExample));

        var attributes = await AttributesAsync(response);
        Assert.True(attributes["encrypted"]!.GetValue<bool>());
        Assert.Equal("hierarchical", attributes["format"]!.GetValue<string>());
        Assert.Equal(["filters"], Ignored(attributes));
        Assert.Equal(stored, attributes["levels"]!["environment"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retrieve_TheSpecsExampleAsDecrypt_AppliesTheFilters()
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        await StoreAsync(org, clientManaged: false, "DATABASE_URL=pg\nAPI_KEY=k\nOTHER=o\n");

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/retrieve", Json(RetrieveExample.Replace("\"read\"", "\"decrypt\"", StringComparison.Ordinal)));

        var attributes = await AttributesAsync(response);
        Assert.False(attributes["encrypted"]!.GetValue<bool>());
        Assert.Null(attributes["ignored"]);
        Assert.Equal(["DATABASE_URL", "API_KEY"], attributes["levels"]!["environment"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task ReadSecrets_DecryptedMergedRaw_OnAServerManagedProject_ReturnsTheDotenv()
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        await StoreAsync(org, clientManaged: false, "DATABASE_URL=pg\n");

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/{DecryptedMergedRaw}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("DATABASE_URL=pg\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadSecrets_DecryptedMergedRaw_OnAClientManagedProject_ReturnsTheCiphertextAndNamesWhatWasIgnored()
    {
        var org = await CreateHierarchyAsync(clientManaged: true);
        var stored = await StoreAsync(org, clientManaged: true, "DATABASE_URL=pg\n");

        // Twice: the second answer comes from the read cache and must be the same.
        var first = await org.Owner.GetAsync($"/api/v1/{org.Id}/{DecryptedMergedRaw}");
        var second = await org.Owner.GetAsync($"/api/v1/{org.Id}/{DecryptedMergedRaw}");

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var attributes = await AttributesAsync(second);
        Assert.True(attributes["encrypted"]!.GetValue<bool>());
        Assert.Equal(["decrypt", "merge", "raw"], Ignored(attributes));
        Assert.Equal(stored, attributes["levels"]!["environment"]!["content"]!.GetValue<string>());
        Assert.Null(attributes["secrets"]);
    }

    [Fact]
    public async Task ReadSecrets_DecryptOnAClientManagedProject_IsNotAuditedAsADecryptedRead()
    {
        var clientManaged = await CreateHierarchyAsync(clientManaged: true);
        var serverManaged = await CreateHierarchyAsync(clientManaged: false);
        await StoreAsync(clientManaged, clientManaged: true, "A=1\n");
        await StoreAsync(serverManaged, clientManaged: false, "A=1\n");

        Assert.Equal(HttpStatusCode.OK, (await clientManaged.Owner.GetAsync($"/api/v1/{clientManaged.Id}/{DecryptedMergedRaw}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await serverManaged.Owner.GetAsync($"/api/v1/{serverManaged.Id}/{DecryptedMergedRaw}")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await app.Services.GetRequiredService<DecryptedReadRecorder>()
                .FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), everything: true, CancellationToken.None);
        }

        Assert.DoesNotContain(AuditActions.SecretDecrypt, await AuditActionsAsync(clientManaged));
        Assert.Contains(AuditActions.SecretDecrypt, await AuditActionsAsync(serverManaged));
    }

    [Theory]
    [InlineData("merge=true", new[] { "merge" })]
    [InlineData("merge=both", new[] { "merge" })]
    [InlineData("raw=true", new[] { "raw" })]
    [InlineData("merge=true&raw=true", new[] { "merge", "raw" })]
    public async Task ReadSecrets_MergeOrRawWithoutDecrypt_ReturnsTheCiphertextLevels(string query, string[] ignored)
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        var stored = await StoreAsync(org, clientManaged: false, "A=1\n");

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?{query}");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var attributes = await AttributesAsync(response);
        Assert.True(attributes["encrypted"]!.GetValue<bool>());
        Assert.Equal(ignored, Ignored(attributes));
        Assert.Equal(stored, attributes["levels"]!["environment"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadSecrets_IgnoredOptions_AreCachedApartAndSeeTheNextWrite()
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        await StoreAsync(org, clientManaged: false, "A=1\n");
        var path = $"/api/v1/{org.Id}/my-app/backend/production/secrets";
        var plain = await AttributesAsync(await org.Owner.GetAsync(path));
        var merged = await AttributesAsync(await org.Owner.GetAsync(path + "?merge=true"));
        var decrypted = await AttributesAsync(await org.Owner.GetAsync(path + "?decrypt=true&merge=true"));

        var stored = await StoreAsync(org, clientManaged: false, "A=2\n");

        Assert.Null(plain["ignored"]);
        Assert.Equal(["merge"], Ignored(merged));
        Assert.Equal("1", decrypted["secrets"]!["A"]!.GetValue<string>());
        Assert.Null((await AttributesAsync(await org.Owner.GetAsync(path)))["ignored"]);
        Assert.Equal(stored, (await AttributesAsync(await org.Owner.GetAsync(path + "?merge=true")))["levels"]!["environment"]!["content"]!.GetValue<string>());
        Assert.Equal("2", (await AttributesAsync(await org.Owner.GetAsync(path + "?decrypt=true&merge=true")))["secrets"]!["A"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_TheSpecsExample_OnALevelWithoutBlob_Returns204AndChangesNothing(bool everHeldOne)
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        if (everHeldOne)
        {
            await StoreAsync(org, clientManaged: false, "A=1\n");
            Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/delete", Json(DeleteExample))).StatusCode);
        }

        var versionsBefore = await VersionCountAsync(org);
        var eventsBefore = await AuditActionsAsync(org);

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/delete", Json(DeleteExample));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(versionsBefore, await VersionCountAsync(org));
        Assert.Equal(eventsBefore, await AuditActionsAsync(org));
    }

    [Fact]
    public async Task Delete_TheSpecsExample_OnALevelWithABlob_ClearsIt()
    {
        var org = await CreateHierarchyAsync(clientManaged: false);
        await StoreAsync(org, clientManaged: false, "A=1\n");

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/delete", Json(DeleteExample));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var attributes = await AttributesAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets"));
        Assert.Null(attributes["levels"]!["environment"]);
        Assert.Equal(AuditActions.SecretDelete, (await AuditActionsAsync(org))[0]);
    }

    private async Task<TestOrganization> CreateHierarchyAsync(bool clientManaged)
    {
        var org = await app.CreateOrganizationAsync();
        if (!clientManaged)
        {
            await org.CreateHierarchyAsync();
            return org;
        }

        _clientKeys[org.Id] = await ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "my-app");
        await org.CreateTargetAsync("my-app", "backend");
        await org.CreateEnvironmentAsync("my-app", "backend", "production");
        return org;
    }

    private readonly Dictionary<string, ClientManagedSecretsTests.TestClientKey> _clientKeys = [];

    /// <summary>Stores <paramref name="dotenv"/> at my-app/backend/production; returns the blob as the server keeps it.</summary>
    private async Task<string> StoreAsync(TestOrganization org, bool clientManaged, string dotenv)
    {
        if (clientManaged)
        {
            var key = _clientKeys[org.Id];
            var content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), dotenv);
            var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
                new { project = "my-app", target = "backend", environment = "production", content, key_proof = key.Proof });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await org.StoreAsync("my-app", "backend", "production", dotenv);
        }

        var read = await AttributesAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets"));
        return read["levels"]!["environment"]!["content"]!.GetValue<string>();
    }

    private static async Task<JsonNode> AttributesAsync(HttpResponseMessage response)
    {
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!["attributes"]!;
    }

    private static string[] Ignored(JsonNode attributes) => [.. attributes["ignored"]!.AsArray().Select(n => n!.GetValue<string>())];

    private static async Task<int> VersionCountAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions",
            new { project = "my-app", target = "backend", environment = "production" })))["data"]!.AsArray().Count;

    private static async Task<List<string>> AuditActionsAsync(TestOrganization org) =>
        [.. (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")))["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
