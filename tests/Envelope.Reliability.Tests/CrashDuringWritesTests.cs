using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Xunit.Abstractions;

namespace Envelope.Reliability.Tests;

/// <summary>
/// Concurrent stores across four levels, the server killed with SIGKILL at a random moment, restarted: every
/// acknowledged write must be there with its version, each level's history must be intact and its newest version
/// must be its content. Bounded here (ENVELOPE_CRASH_ROUNDS × ENVELOPE_CRASH_WRITES, default 3 × 300); the full
/// run is `ENVELOPE_CRASH_ROUNDS=10 ENVELOPE_CRASH_WRITES=1000 dotnet test tests/Envelope.Reliability.Tests`.
/// </summary>
public sealed class CrashDuringWritesTests(ITestOutputHelper output)
{
    private static readonly (string Project, string? Target, string? Environment)[] Levels =
        [("app", null, null), ("app", "web", null), ("app", "web", "prod"), ("app", "web", "staging")];

    [Fact]
    public async Task KilledDuringConcurrentStores_EveryAcknowledgedWriteSurvives()
    {
        var rounds = Setting("ENVELOPE_CRASH_ROUNDS", 3);
        var writes = Setting("ENVELOPE_CRASH_WRITES", 300);
        var seed = Setting("ENVELOPE_CRASH_SEED", Random.Shared.Next());
        var random = new Random(seed);
        output.WriteLine($"engine {ServerNode.Engine}, {rounds} rounds of {writes} stores, seed {seed}");

        await using var node = await ServerNode.StartAsync();
        var key = await SetUpAsync(node);
        var acknowledged = new ConcurrentBag<(int Level, string Plaintext, long Version)>();

        for (var round = 0; round < rounds; round++)
        {
            using var http = node.NewClient();
            // A freshly started server compiles its write path on the first store; let that happen before the clock runs.
            var warm = $"ROUND={round}\nWARM=1\n";
            acknowledged.Add((0, warm, await StoreAsync(http, node, 0, SecretsBlob.Encrypt(key, warm)) ?? throw new InvalidOperationException("The warm-up store failed.")));
            using var gate = new SemaphoreSlim(16);
            var stores = Enumerable.Range(0, writes).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var level = i % Levels.Length;
                    var plaintext = $"ROUND={round}\nWRITE={i}\nNONCE={Guid.NewGuid():N}\n";
                    if (await StoreAsync(http, node, level, SecretsBlob.Encrypt(key, plaintext)) is { } version)
                    {
                        acknowledged.Add((level, plaintext, version));
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();

            var killAfter = random.Next(100, 1000);
            await Task.Delay(killAfter);
            await node.KillAsync();
            await Task.WhenAll(stores);
            output.WriteLine($"round {round}: killed after {killAfter} ms, {acknowledged.Count} acknowledged so far");

            // It must start cleanly on whatever the kill left behind.
            await node.RestartAsync();
            await VerifyAsync(node, key, acknowledged);
        }

        Assert.NotEmpty(acknowledged);
    }

    private static async Task<byte[]> SetUpAsync(ServerNode node)
    {
        using var http = node.NewClient();
        var org = node.Organization;
        (await http.PostAsJsonAsync($"/api/v1/{org}/projects", new { name = "app", slug = "app" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/v1/{org}/app/targets", new { name = "web", slug = "web" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/v1/{org}/app/web/environments", new { name = "prod", slug = "prod" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/v1/{org}/app/web/environments", new { name = "staging", slug = "staging" })).EnsureSuccessStatusCode();
        var descriptor = JsonNode.Parse(await http.GetStringAsync($"/api/v1/{org}/app/encryption-key"))!;
        var key = Convert.FromBase64String(descriptor["data"]!["key"]!.GetValue<string>());

        // One store per level first, so the kill lands on a warm server and not on its first requests.
        for (var level = 0; level < Levels.Length; level++)
        {
            Assert.NotNull(await StoreAsync(http, node, level, SecretsBlob.Encrypt(key, "WARM=1\n")));
        }

        return key;
    }

    /// <summary>The new version's id when the server acknowledged the store; null when it failed or was cut off.</summary>
    private static async Task<long?> StoreAsync(HttpClient http, ServerNode node, int level, string content)
    {
        var (project, target, environment) = Levels[level];
        try
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/{node.Organization}/secrets/store", new { project, target, environment, content });
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["version"]!.GetValue<long>();
        }
        catch (Exception e) when (Api.IsCutOff(e) || e is System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task VerifyAsync(ServerNode node, byte[] key, IEnumerable<(int Level, string Plaintext, long Version)> acknowledged)
    {
        using var http = node.NewClient();
        var org = node.Organization;
        for (var level = 0; level < Levels.Length; level++)
        {
            var (project, target, environment) = Levels[level];
            var ids = new List<long>();
            string? newestStage = null;
            for (var page = 1; ; page++)
            {
                var listed = JsonNode.Parse(await (await http.PostAsJsonAsync($"/api/v1/{org}/secrets/versions",
                    new { project, target, environment, page, per_page = 100 })).Content.ReadAsStringAsync())!;
                var data = listed["data"]!.AsArray();
                if (page == 1 && data.Count > 0)
                {
                    newestStage = data[0]!["stage"]?.GetValue<string>();
                }

                ids.AddRange(data.Select(v => v!["id"]!.GetValue<long>()));
                if (page >= listed["meta"]!["last_page"]!.GetValue<int>())
                {
                    break;
                }
            }

            // Intact numbering: unique, newest first, and the newest is the level's current content.
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(ids.OrderDescending(), ids);
            if (ids.Count == 0)
            {
                continue;
            }

            Assert.Equal("current", newestStage);
            var newest = JsonNode.Parse(await http.GetStringAsync($"/api/v1/{org}/secrets/versions/{ids[0]}"))!["data"]!;
            var path = string.Join('/', new[] { project, target, environment }.Where(s => s is not null));
            var levels = JsonNode.Parse(await http.GetStringAsync($"/api/v1/{org}/{path}/secrets"))!["data"]!["attributes"]!["levels"]!;
            var levelName = environment is not null ? "environment" : target is not null ? "target" : "project";
            Assert.Equal(newest["content"]!.GetValue<string>(), levels[levelName]!["content"]!.GetValue<string>());
        }

        foreach (var (_, plaintext, version) in acknowledged)
        {
            var fetched = JsonNode.Parse(await http.GetStringAsync($"/api/v1/{org}/secrets/versions/{version}"))!["data"]!;
            var place = fetched["place"]!;
            var at = new BlobPlace(place["organization_id"]!.GetValue<string>(), place["project_id"]!.GetValue<string>(), place["target_id"]?.GetValue<string>(),
                place["environment_id"]?.GetValue<string>(), fetched["key_version"]!.GetValue<int>());
            Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpen(key, fetched["content"]!.GetValue<string>(), at, out var opened));
            Assert.Equal(plaintext, opened);
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
