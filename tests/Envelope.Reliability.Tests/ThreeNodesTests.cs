using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Xunit.Abstractions;

namespace Envelope.Reliability.Tests;

/// <summary>
/// Three server processes on one database (PostgreSQL in CI's second pass, SQLite otherwise): one rate-limit budget,
/// and every acknowledged write visible from every node. (A re-encryption job resumed by another node after its
/// holder died is proven in tests/Envelope.Server.Tests/Features/EncryptionKeys/KeyJobTests.cs; as processes here
/// the job outran the poller too often to kill it reliably mid-way.)
/// </summary>
public sealed class ThreeNodesTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ENVELOPE_RATE_LIMITS_ENABLED"] = "true",
        ["ENVELOPE_RATE_LIMIT_STORE"] = "database",
        ["ENVELOPE_TOKEN_CACHE_SECONDS"] = "0",
    };

    [Fact]
    public async Task ThreeNodes_ShareOneDatabase_OneBudget_AndEveryWriteEverywhere()
    {
        await using var a = await ServerNode.StartAsync(WithNode("node-a"));
        await using var b = await ServerNode.JoinAsync(a, WithNode("node-b"));
        await using var c = await ServerNode.JoinAsync(a, WithNode("node-c"));
        output.WriteLine($"engine {ServerNode.Engine}: {a.Address} {b.Address} {c.Address}");
        ServerNode[] nodes = [a, b, c];

        // Each test part uses its own organization, so their rate-limit budgets do not mix.
        await ReadsOnAnyNodeSeeEveryAcknowledgedWriteAsync(nodes, await NewOrganizationAsync(a));
        await TheRateLimitBudgetIsSharedAsync(nodes, await NewOrganizationAsync(a));
    }

    private static async Task ReadsOnAnyNodeSeeEveryAcknowledgedWriteAsync(ServerNode[] nodes, (string Org, string Token) tenant)
    {
        var key = await SetUpProjectAsync(nodes[0], tenant);
        for (var i = 0; i < 12; i++)
        {
            using var writer = nodes[i % 3].NewClient(tenant.Token);
            var value = $"value-{i}-{Guid.NewGuid():N}";
            await SucceedsAsync(writer.PostAsJsonAsync($"/api/v1/{tenant.Org}/secrets/store", new { project = "app", content = SecretsBlob.Encrypt(key, $"V={value}\n") }));
            foreach (var node in nodes)
            {
                using var reader = node.NewClient(tenant.Token);
                var merged = JsonNode.Parse(await reader.GetStringAsync($"/api/v1/{tenant.Org}/app/secrets?decrypt=true&merge=true"))!;
                Assert.Equal(value, merged["data"]!["attributes"]!["secrets"]!["V"]!.GetValue<string>());
            }
        }
    }

    private async Task TheRateLimitBudgetIsSharedAsync(ServerNode[] nodes, (string Org, string Token) tenant)
    {
        // Stay inside one clock minute (the window), so the budget cannot reset halfway.
        var now = DateTime.UtcNow;
        if (now.Second > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 120; i++)
        {
            using var client = nodes[i % 3].NewClient(tenant.Token);
            using var response = await client.GetAsync($"/api/v1/{tenant.Org}/projects");
            statuses.Add(response.StatusCode);
        }

        var allowed = statuses.Count(s => s == HttpStatusCode.OK);
        output.WriteLine($"rate limit: {allowed} of 120 allowed across three nodes");
        // The organization's earlier requests this minute (creating it) count against the same budget of 100.
        Assert.InRange(allowed, 95, 100);
        Assert.Equal(120 - allowed, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private static async Task<(string Org, string Token)> NewOrganizationAsync(ServerNode node)
    {
        using var owner = node.NewClient();
        var created = JsonNode.Parse(await (await owner.PostAsJsonAsync("/api/v1/organizations", new { name = $"tenant-{Guid.NewGuid():N}" })).Content.ReadAsStringAsync())!;
        return (created["data"]!["organization"]!["id"]!.GetValue<string>(), created["data"]!["token"]!.GetValue<string>());
    }

    private static async Task<byte[]> SetUpProjectAsync(ServerNode node, (string Org, string Token) tenant)
    {
        using var client = node.NewClient(tenant.Token);
        await SucceedsAsync(client.PostAsJsonAsync($"/api/v1/{tenant.Org}/projects", new { name = "app", slug = "app" }));
        var descriptor = JsonNode.Parse(await client.GetStringAsync($"/api/v1/{tenant.Org}/app/encryption-key"))!;
        return Convert.FromBase64String(descriptor["data"]!["key"]!.GetValue<string>());
    }

    private static async Task SucceedsAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Dictionary<string, string> WithNode(string id) => new(Settings) { ["ENVELOPE_NODE_ID"] = id };
}
