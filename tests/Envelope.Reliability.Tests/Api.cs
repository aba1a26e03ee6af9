using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Envelope.Reliability.Tests;

/// <summary>One level of a project's hierarchy, as the store request names it.</summary>
public sealed record Level(string Project, string? Target = null, string? Environment = null);

/// <summary>The few HTTP calls the harnesses share.</summary>
internal static class Api
{
    public static async Task<JsonNode> SucceedsAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!;
    }

    /// <summary>A project (server-managed unless <paramref name="project"/> says otherwise), one target and its environments.</summary>
    public static async Task CreateHierarchyAsync(HttpClient http, string org, string slug, string target, IEnumerable<string> environments, object? project = null)
    {
        await SucceedsAsync(http.PostAsJsonAsync($"/api/v1/{org}/projects", project ?? new { name = slug, slug }));
        await SucceedsAsync(http.PostAsJsonAsync($"/api/v1/{org}/{slug}/targets", new { name = target, slug = target }));
        foreach (var environment in environments)
        {
            await SucceedsAsync(http.PostAsJsonAsync($"/api/v1/{org}/{slug}/{target}/environments", new { name = environment, slug = environment }));
        }
    }

    /// <summary>The current data key of a server-managed project and its version.</summary>
    public static async Task<(byte[] Key, int Version)> ServerKeyAsync(HttpClient http, string org, string project)
    {
        var data = JsonNode.Parse(await http.GetStringAsync($"/api/v1/{org}/{project}/encryption-key"))!["data"]!;
        return (Convert.FromBase64String(data["key"]!.GetValue<string>()), data["version"]!.GetValue<int>());
    }

    /// <summary>Stores a blob; the new version's id when the server acknowledged it, null when it refused or was cut off.</summary>
    public static async Task<long?> TryStoreAsync(HttpClient http, string org, Level level, string content, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/{org}/secrets/store",
                new { project = level.Project, target = level.Target, environment = level.Environment, content }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["data"]!["version"]!.GetValue<long>();
        }
        catch (Exception e) when (IsCutOff(e) || e is System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// How a request fails when its server is killed: a refused or reset connection, a timeout, or a bare
    /// <see cref="System.Net.Sockets.SocketException"/> when the peer closed the socket between the connect and
    /// HttpClient reading its address (seen in a full crash run).
    /// </summary>
    public static bool IsCutOff(Exception e) =>
        e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException or IOException;

    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Polls until <paramref name="done"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, int intervalMs = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {timeout.TotalSeconds} s waiting for {what}; last: {value}");
            await Task.Delay(intervalMs);
        }
    }
}
