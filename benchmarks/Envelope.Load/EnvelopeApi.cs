using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Envelope.Load;

/// <summary>The store request's body, also what the baseline's POST reads.</summary>
internal sealed record StoreBody(string Project, string? Target, string? Environment, string Content);

/// <summary>The few API calls that set up the hierarchy, and that check the server's answers before and after a run.</summary>
internal sealed class EnvelopeApi : IDisposable
{
    public const string Project = "load";
    // "api" is a reserved slug.
    public const string Target = "backend";
    public const string Environment = "prod";

    /// <summary>The server's conventions: snake_case, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly string _organization;

    public EnvelopeApi(Uri address, string organization, string token)
    {
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _organization = organization;
    }

    /// <summary>The 3-level read, decrypted and merged by the server.</summary>
    public Uri MergedRead => new($"/api/v1/{_organization}/{Project}/{Target}/{Environment}/secrets?decrypt=true&merge=true", UriKind.Relative);

    public Uri Store => new($"/api/v1/{_organization}/secrets/store", UriKind.Relative);

    public async Task CreateHierarchyAsync(CancellationToken cancellationToken)
    {
        await PostAsync("projects", new { name = "Load", slug = Project }, cancellationToken);
        await PostAsync($"{Project}/targets", new { name = "Backend", slug = Target }, cancellationToken);
        await PostAsync($"{Project}/{Target}/environments", new { name = "Production", slug = Environment }, cancellationToken);
    }

    /// <summary>The project's current server-managed data key: the highest version <c>key:retrieve</c> returns.</summary>
    public async Task<byte[]> RetrieveKeyAsync(CancellationToken cancellationToken)
    {
        using var json = await PostAsync("secrets/retrieve", new { project = Project, action = "key:retrieve" }, cancellationToken);
        var key = json.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("keys").EnumerateArray()
            .Where(k => k.GetProperty("managed").GetString() == "server")
            .OrderByDescending(k => k.GetProperty("version").GetInt32())
            .Select(k => Convert.FromBase64String(k.GetProperty("key").GetString()!))
            .FirstOrDefault();
        return key is { Length: 32 } ? key : throw new LoadRunException($"key:retrieve returned no 32-byte server-managed key:\n{json.RootElement}");
    }

    public async Task StoreAsync(StoreBody body, CancellationToken cancellationToken) =>
        (await PostAsync("secrets/store", body, cancellationToken)).Dispose();

    /// <summary>The merged read's variables and the size of its body.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Secrets, int Bytes)> ReadMergedAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(MergedRead, cancellationToken);
        var text = await EnsureSuccessAsync(response, "GET", MergedRead.OriginalString, cancellationToken);
        using var json = JsonDocument.Parse(text);
        var secrets = json.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("secrets")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return (secrets, System.Text.Encoding.UTF8.GetByteCount(text));
    }

    /// <summary>How many versions the environment level holds: one per successful store.</summary>
    public async Task<long> CountVersionsAsync(CancellationToken cancellationToken)
    {
        using var json = await PostAsync("secrets/versions", new { project = Project, target = Target, environment = Environment, per_page = 1 }, cancellationToken);
        return json.RootElement.GetProperty("meta").GetProperty("total").GetInt64();
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        var uri = new Uri($"/api/v1/{_organization}/{path}", UriKind.Relative);
        using var response = await _http.PostAsJsonAsync(uri, body, Json, cancellationToken);
        return JsonDocument.Parse(await EnsureSuccessAsync(response, "POST", uri.OriginalString, cancellationToken));
    }

    private static async Task<string> EnsureSuccessAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? text
            : throw new LoadRunException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }
}
