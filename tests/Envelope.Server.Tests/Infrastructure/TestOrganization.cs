using System.Net;
using System.Net.Http.Json;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>An organization made for one test, with its owner's client and helpers that go through the API.</summary>
public sealed class TestOrganization(EnvelopeApplication app, string id, string ownerToken)
{
    public string Id { get; } = id;
    public string OwnerToken { get; } = ownerToken;
    public HttpClient Owner { get; } = app.ClientWithToken(ownerToken);
    public EnvelopeApplication App => app;

    public async Task CreateProjectAsync(string slug, object? extra = null)
    {
        var body = JsonApi.Merge(new { name = slug, slug }, extra);
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/projects", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task CreateTargetAsync(string project, string slug)
    {
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/{project}/targets", new { name = slug, slug });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task CreateEnvironmentAsync(string project, string target, string slug)
    {
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/{project}/{target}/environments", new { name = slug, slug });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Creates project/target/environment in one go.</summary>
    public async Task CreateHierarchyAsync(string project = "my-app", string target = "backend", string environment = "production")
    {
        await CreateProjectAsync(project);
        await CreateTargetAsync(project, target);
        await CreateEnvironmentAsync(project, target, environment);
    }

    /// <summary>A token with exactly <paramref name="abilities"/>, optionally restricted to <paramref name="projects"/>.</summary>
    public async Task<string> CreateTokenAsync(IEnumerable<string> abilities, IEnumerable<string>? projects = null, DateTimeOffset? expiresAt = null)
    {
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/tokens", new
        {
            name = "test",
            abilities = abilities.ToArray(),
            projects = projects?.ToArray(),
            expires_at = expiresAt,
        }, JsonApi.Options);
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        return KnownSecrets.Register(body["data"]!["token"]!.GetValue<string>());
    }

    /// <summary>A server-managed project's current data key, fetched as a client would (retrieve, action key:retrieve).</summary>
    public async Task<byte[]> ProjectKeyAsync(string project)
    {
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/secrets/retrieve", new { project, action = "key:retrieve" });
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        var current = body["data"]!["attributes"]!["keys"]!.AsArray().MaxBy(k => k!["version"]!.GetValue<int>())!;
        return Convert.FromBase64String(KnownSecrets.Register(current["key"]!.GetValue<string>()));
    }

    /// <summary>Encrypts <paramref name="dotenv"/> under the project's key and stores it; returns the new version's id.</summary>
    public async Task<long> StoreAsync(string project, string? target, string? environment, string dotenv)
    {
        // Values that read like words ("environment") occur in log lines by chance; the rest are tracked.
        foreach (var entry in Envelope.Crypto.DotEnv.Parse(dotenv).Where(e => !e.Value.All(char.IsAsciiLetter)))
        {
            KnownSecrets.Register(entry.Value);
        }

        var content = Envelope.Crypto.SecretsBlob.Encrypt(await ProjectKeyAsync(project), dotenv);
        var response = await Owner.PostAsJsonAsync($"/api/v1/{Id}/secrets/store", new { project, target, environment, content }, JsonApi.Options);
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!["version"]!.GetValue<long>();
    }

    public async Task<HttpClient> ClientWithAbilitiesAsync(params string[] abilities) =>
        app.ClientWithToken(await CreateTokenAsync(abilities));
}
