using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Xunit.Abstractions;

namespace Envelope.Reliability.Tests;

/// <summary>
/// Three server processes on one database (PostgreSQL in CI's second pass, SQLite otherwise): one rate-limit budget,
/// every acknowledged write visible from every node, and one re-encryption job claimed by one node at a time, each
/// version moved exactly once, finished by another node after the one holding its lease is killed. The job runs in
/// batches of one version, watched in the database every few milliseconds, so the kill lands mid-job.
/// ENVELOPE_THREE_NODES_VERSIONS (200) sets the job's size.
/// </summary>
public sealed class ThreeNodesTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ENVELOPE_RATE_LIMITS_ENABLED"] = "true",
        ["ENVELOPE_RATE_LIMIT_STORE"] = "database",
        ["ENVELOPE_TOKEN_CACHE_SECONDS"] = "0",
        ["ENVELOPE_JOBS_BATCH_SIZE"] = "1",
        ["ENVELOPE_JOBS_LEASE"] = "00:00:05",
        ["ENVELOPE_JOBS_POLL_INTERVAL"] = "00:00:00.200",
        // The worker's "Claimed re-encryption job" line tells which node claimed what.
        ["Logging__LogLevel__Envelope.Server.Features.EncryptionKeys.Jobs"] = "Information",
    };

    [Fact]
    public async Task ThreeNodes_ShareOneDatabase_OneBudget_EveryWriteEverywhere_AndOneJobDoneOnceDespiteAKill()
    {
        await using var a = await ServerNode.StartAsync(WithNode("node-a"));
        await using var b = await ServerNode.JoinAsync(a, WithNode("node-b"));
        await using var c = await ServerNode.JoinAsync(a, WithNode("node-c"));
        output.WriteLine($"engine {ServerNode.Engine}: {a.Address} {b.Address} {c.Address}");
        ServerNode[] nodes = [a, b, c];

        // Each test part uses its own organization, so their rate-limit budgets do not mix.
        await ReadsOnAnyNodeSeeEveryAcknowledgedWriteAsync(nodes, await NewOrganizationAsync(a));
        await TheRateLimitBudgetIsSharedAsync(nodes, await NewOrganizationAsync(a));
        await OneJobIsDoneOnce_AndFinishedByAnotherNodeWhenItsHolderIsKilledAsync(nodes, await NewOrganizationAsync(a));
    }

    private async Task OneJobIsDoneOnce_AndFinishedByAnotherNodeWhenItsHolderIsKilledAsync(ServerNode[] nodes, (string Org, string Token) tenant)
    {
        await nodes[0].RunCommandAsync("plan", "set", "--organization", tenant.Org, "--plan", "business");
        var key = await SetUpProjectAsync(nodes[0], tenant);
        var acknowledged = new ConcurrentDictionary<long, string>();
        await Parallel.ForAsync(0, Api.Setting("ENVELOPE_THREE_NODES_VERSIONS", 200), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            using var writer = nodes[i % 3].NewClient(tenant.Token);
            var plaintext = $"N={i}\nNONCE={Guid.NewGuid():N}\n";
            acknowledged[await Api.TryStoreAsync(writer, tenant.Org, new Level("app"), SecretsBlob.Encrypt(key, plaintext)) ?? throw new InvalidOperationException("A store failed.")] = plaintext;
        });
        var projectId = await StoredBlobs.ProjectIdAsync(nodes[0], tenant.Org, "app");
        var pending = (await StoredBlobs.ReadAsync(nodes[0], projectId)).Versions.Count();

        // Every node's worker polls for it; the rotating node is woken at once.
        using (var rotator = nodes[1].NewClient(tenant.Token))
        {
            await Api.SucceedsAsync(rotator.PostAsJsonAsync($"/api/v1/{tenant.Org}/app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        }

        // Watch the job row: who holds the lease as each batch commits, and kill the holder somewhere in the first half.
        var killAt = pending * (1 + Random.Shared.Next(3)) / 8;
        var observed = new List<StoredBlobs.Job>();
        ServerNode? killed = null;
        var killedAt = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = Assert.Single(await StoredBlobs.JobsAsync(nodes[0], projectId));
            if (observed.Count == 0 || observed[^1] != job)
            {
                observed.Add(job);
            }

            if (job.Status == "Completed")
            {
                break;
            }

            if (killed is null && job.Processed >= killAt && job.LeaseOwner is { } holder)
            {
                killed = nodes.Single(n => n.NodeId == holder);
                await killed.KillAsync();
                killedAt.Restart();
                output.WriteLine($"job: killed {holder}, which held the lease, when the job was at {job.Processed}/{job.Total} (it got further before the kill took effect)");
            }

            Assert.True(DateTime.UtcNow < deadline, $"The job did not complete: {job}");
            await Task.Delay(3);
        }

        Assert.NotNull(killed);
        var done = observed[^1];
        var owners = observed.Where(j => j.LeaseOwner is not null).Select(j => j.LeaseOwner!).Distinct().ToList();
        // A batch commits under its holder's lease, so the versions it moved go to the holder seen after it; the first
        // sighting may come after some batches, which go to the holder then.
        var steps = observed.Prepend(observed[0] with { Processed = 0 }).ToList();
        var byNode = steps.Zip(steps.Skip(1)).GroupBy(p => p.Second.LeaseOwner ?? p.First.LeaseOwner ?? "none").ToDictionary(g => g.Key, g => g.Sum(p => p.Second.Processed - p.First.Processed));
        var claims = nodes.ToDictionary(n => n.NodeId!, n => n.Output.Count(line => line.Contains("Claimed re-encryption job", StringComparison.Ordinal)));
        output.WriteLine($"job: {done.Processed}/{done.Total} versions in {done.Attempts} claims, finished {killedAt.Elapsed.TotalSeconds:F1} s after the kill; "
            + $"lease holders in turn: {string.Join(" → ", owners)}; versions moved while each held it: {string.Join(", ", byNode.Select(p => $"{p.Key} {p.Value}"))}; "
            + $"claims logged: {string.Join(", ", claims.Select(p => $"{p.Key} {p.Value}"))}");

        // Exactly once: every version counted once (a batch done twice would count twice), two claims, the dead node's first.
        Assert.Equal(pending, done.Total);
        Assert.Equal(pending, done.Processed);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(2, owners.Count);
        Assert.Equal(killed.NodeId, owners[0]);
        Assert.Equal(pending, byNode.Values.Sum());
        Assert.Equal(1, claims[owners[0]]);
        Assert.Equal(1, claims[owners[1]]);
        Assert.Equal(0, claims.Where(p => !owners.Contains(p.Key)).Sum(p => p.Value));

        // And every version, read from the database, is under the new key with what was stored.
        var survivor = nodes.First(n => n != killed);
        var state = await StoredBlobs.ReadAsync(survivor, projectId);
        var plaintexts = state.DecryptAllServerManaged(survivor.MasterKey);
        Assert.All(state.Blobs, b => Assert.Equal(state.CurrentKeyVersion, b.KeyVersion));
        Assert.All(acknowledged, a => Assert.Equal(a.Value, plaintexts[(false, a.Key.ToString(CultureInfo.InvariantCulture))]));
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
