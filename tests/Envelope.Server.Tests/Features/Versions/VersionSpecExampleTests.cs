using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Versions;

/// <summary>
/// The examples of 03-secret-versions.txt and 05-version-lifecycle-reference.txt, sent as printed (issue 16): a
/// client written from the spec alone must get what the spec shows. Only the organization and the version id, which
/// the examples name by placeholder (01ARZ3NDEKTSV4RRFFQ69G5FAV, 42), are this test's own.
/// </summary>
public sealed class VersionSpecExampleTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private const string ListExample = """
        {
        "project": "my-app",
        "target": "backend",
        "environment": "production",
        "page": 1,
        "per_page": 25
        }
        """;

    private const string PurgeExample = """
        {
        "project": "my-app",
        "target": "backend",
        "environment": "production",
        "scope": "level",
        "confirmed": true
        }
        """;

    [Fact]
    public async Task ListVersions_SpecExample_NumbersEachVersionPerLevel_WithValueFormatAndCurrentVersion()
    {
        var org = await SeedAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await org.StoreAsync("my-app", "backend", "production", $"N={i}\n"));
        }

        // Another level's writes in between must not move this level's numbers.
        await org.StoreAsync("my-app", null, null, "P=1\n");
        ids.Add(await org.StoreAsync("my-app", "backend", "production", "N=4\n"));

        var body = await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions", ListExample);

        var data = body["data"]!.AsArray();
        Assert.Equal(ids.AsEnumerable().Reverse(), data.Select(v => v!["id"]!.GetValue<long>()));
        Assert.Equal([4, 3, 2, 1], data.Select(v => v!["number"]!.GetValue<int>()));
        Assert.All(data, v => Assert.Equal("keyValue", v!["value_format"]!.GetValue<string>()));
        Assert.Equal("current", data[0]!["stage"]!.GetValue<string>());
        Assert.All(data.Skip(1), v => Assert.Null(v!["stage"]));
        Assert.Equal(4, body["meta"]!["current_version"]!.GetValue<int>());
        Assert.Equal(ids[^1], body["meta"]!["current_version_id"]!.GetValue<long>());
        Assert.Equal(1, body["meta"]!["current_page"]!.GetValue<int>());
        Assert.Equal(25, body["meta"]!["per_page"]!.GetValue<int>());
    }

    [Fact]
    public async Task FetchVersion_SpecExample_ReturnsContentKeyAndNumber()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{org.Id}/secrets/versions/{second}");
        request.Headers.Accept.ParseAdd("application/json");

        var response = await org.Owner.SendAsync(request);

        var data = (await JsonApi.ReadAsync(response))["data"]!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, data["number"]!.GetValue<int>());
        Assert.Equal("current", data["stage"]!.GetValue<string>());
        Assert.Equal("A=2\n", TestBlobs.Open(Convert.FromBase64String(data["key"]!["key"]!.GetValue<string>()), data));
    }

    [Fact]
    public async Task RestoreVersion_SpecExampleEmptyBody_ReturnsRestoredFromAsAString()
    {
        var org = await SeedAsync();
        var first = await org.StoreAsync("my-app", "backend", "production", "A=first\n");
        await org.StoreAsync("my-app", "backend", "production", "A=second\n");

        var response = await PostAsync(org, $"/api/v1/{org.Id}/secrets/versions/{first}/restore", "{}");

        var body = await JsonApi.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("secrets", body["data"]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["data"]!["secret_id"]!.GetValue<string>()));
        Assert.Equal(first.ToString(CultureInfo.InvariantCulture), body["data"]!["restored_from"]!.GetValue<string>());
        Assert.Equal(3, body["data"]!["number"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        var listed = (await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions", ListExample))["data"]!.AsArray();
        Assert.Equal(body["data"]!["version"]!.GetValue<long>(), listed[0]!["id"]!.GetValue<long>());
        Assert.Equal("current", listed[0]!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteVersion_SpecExample_Returns204_AndNumbersAreNotReused()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var second = await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var response = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{second}");
        await org.StoreAsync("my-app", "backend", "production", "A=3\n");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var body = await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions", ListExample);
        Assert.Equal([3, 1], body["data"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()));
        Assert.Equal(3, body["meta"]!["current_version"]!.GetValue<int>());
    }

    [Fact]
    public async Task PurgeVersions_SpecExample_ReturnsPurgedCount()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var body = await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions/purge", PurgeExample);

        Assert.Equal(2, body["data"]!["purged_count"]!.GetValue<int>());
        var listed = await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions", ListExample);
        Assert.Empty(listed["data"]!.AsArray());
        Assert.Null(listed["meta"]!["current_version"]);
    }

    [Fact]
    public async Task ListVersions_AfterDelete_TheDeleteSnapshotIsCurrent()
    {
        var org = await SeedAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");

        var deleted = await PostAsync(org, $"/api/v1/{org.Id}/secrets/delete", """{"project": "my-app", "target": "backend", "environment": "production"}""");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var body = await PostJsonAsync(org, $"/api/v1/{org.Id}/secrets/versions", ListExample);
        var data = body["data"]!.AsArray();
        Assert.Equal("delete", data[0]!["reason"]!.GetValue<string>());
        Assert.Equal(["current"], data.Select(v => v!["stage"]?.GetValue<string>()).OfType<string>());
        Assert.Equal("current", data[0]!["stage"]!.GetValue<string>());
        Assert.Equal(2, body["meta"]!["current_version"]!.GetValue<int>());
    }

    private async Task<TestOrganization> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        return org;
    }

    private static Task<HttpResponseMessage> PostAsync(TestOrganization org, string path, string json) =>
        org.Owner.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonNode> PostJsonAsync(TestOrganization org, string path, string json)
    {
        var response = await PostAsync(org, path, json);
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }
}
