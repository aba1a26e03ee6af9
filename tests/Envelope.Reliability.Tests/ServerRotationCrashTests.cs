using System.Collections.Concurrent;
using System.Net.Http.Json;
using Envelope.Crypto;
using Xunit.Abstractions;

namespace Envelope.Reliability.Tests;

/// <summary>
/// A server-managed rotation with re_encrypt, the server killed with SIGKILL at each step: while the rotate request is in
/// flight, after the rotation with its job still queued, mid-job at random moments (with stores running alongside), and
/// after the job completed. After every restart each current and historical blob, read straight from the database, must
/// decrypt with the key version its row names (unwrapped here with the master key), every acknowledged store must be
/// there, and the job must run to completion. Bounded: ENVELOPE_ROTATION_VERSIONS (150) versions, ENVELOPE_ROTATION_KILLS
/// (2) kills mid-job, ENVELOPE_ROTATION_IN_FLIGHT (2) kills of the rotate request; the full run is
/// `ENVELOPE_ROTATION_VERSIONS=2000 ENVELOPE_ROTATION_KILLS=10 ENVELOPE_ROTATION_IN_FLIGHT=4 dotnet test
/// tests/Envelope.Reliability.Tests --filter RotationCrash`.
/// </summary>
public sealed class ServerRotationCrashTests(ITestOutputHelper output)
{
    private const string Project = "app";

    // Small batches and a short lease: the job is many transactions long, and a dead node's lease runs out soon, though
    // not before its successor has started (a job resumed at once could finish before the next kill is aimed).
    private static readonly Dictionary<string, string> Jobs = new()
    {
        ["ENVELOPE_JOBS_ENABLED"] = "true",
        ["ENVELOPE_JOBS_BATCH_SIZE"] = "1",
        ["ENVELOPE_JOBS_LEASE"] = "00:00:04",
        ["ENVELOPE_JOBS_POLL_INTERVAL"] = "00:00:00.200",
    };

    private static readonly Level[] Levels =
        [new(Project), new(Project, "web"), .. Enumerable.Range(0, 10).Select(i => new Level(Project, "web", $"env{i}"))];

    private readonly ConcurrentDictionary<long, string> _acknowledged = new();
    private ServerNode _node = null!;
    private string _projectId = null!;

    [Fact]
    public async Task ServerManagedRotation_KilledAtEachStep_EveryBlobDecryptsUnderItsRecordedKey_AndTheJobCompletes()
    {
        var versions = Api.Setting("ENVELOPE_ROTATION_VERSIONS", 150);
        var kills = Api.Setting("ENVELOPE_ROTATION_KILLS", 2);
        // At most 4: with the two rotations after them that stays within the 10 an hour an organization may make.
        var inFlight = Math.Min(4, Api.Setting("ENVELOPE_ROTATION_IN_FLIGHT", 2));
        var seed = Api.Setting("ENVELOPE_ROTATION_SEED", Random.Shared.Next());
        var random = new Random(seed);
        output.WriteLine($"engine {ServerNode.Engine}, {versions} versions over {Levels.Length} levels, {kills} kills mid-job, seed {seed}");

        await using var node = _node = await ServerNode.StartAsync(Jobs);
        using (var http = node.NewClient())
        {
            await Api.CreateHierarchyAsync(http, node.Organization, Project, "web", Levels.Skip(2).Select(l => l.Environment!));
        }

        _projectId = await StoredBlobs.ProjectIdAsync(node, node.Organization, Project);
        await StoreAsync(versions, concurrency: 8, CancellationToken.None);
        await VerifyAsync("before any rotation");

        // 1. Killed while the rotate request is in flight: before, inside or after its transaction. Even attempts wait a
        // delay that searches for the moment the rotation commits (longer after a kill that came too early, shorter after
        // one too late); odd ones kill the moment the new key version shows in the database, committed but most likely
        // not yet answered. Each kill is checked on what it left, before the server starts again.
        var outcomes = new List<string>();
        var (low, high) = (0, 100);
        for (var attempt = 0; attempt < inFlight; attempt++)
        {
            var before = (await StoredBlobs.ReadAsync(node, _projectId)).CurrentKeyVersion;
            using var http = node.NewClient();
            var delay = attempt % 2 == 0 ? random.Next(low, high + 1) : -1;
            var rotate = http.PostAsJsonAsync($"/api/v1/{node.Organization}/{Project}/encryption-key/rotate", new { history_policy = "re_encrypt" });
            await KillAsync(delay, rotate, before);
            var acknowledged = await rotate.ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode, TaskScheduler.Default);
            var state = await VerifyAsync($"rotate killed after {delay} ms");
            var committed = state.CurrentKeyVersion == before + 1;
            Assert.True(committed || state.CurrentKeyVersion == before, $"key version {before} became {state.CurrentKeyVersion}");
            Assert.True(committed || !acknowledged, "An acknowledged rotation is not in the database.");
            Assert.Equal(state.CurrentKeyVersion - 1, (await StoredBlobs.JobsAsync(node, _projectId)).Count);
            outcomes.Add($"{(delay < 0 ? "at commit" : $"{delay} ms")}: {(acknowledged ? "acknowledged" : committed ? "committed, unacknowledged" : "not committed")}");
            if (delay >= 0)
            {
                (low, high) = committed ? (low, delay) : (delay, high * 2);
            }

            await node.RestartAsync();
            await WaitForJobsAsync();
        }

        output.WriteLine($"rotate in flight: {string.Join("; ", outcomes)}");

        // 2. Rotated, its job queued and not yet claimed (this life runs no jobs).
        await node.KillAsync();
        await node.RestartAsync(new Dictionary<string, string> { ["ENVELOPE_JOBS_ENABLED"] = "false" });
        await RotateAsync();
        Assert.Equal("Queued", (await StoredBlobs.JobsAsync(node, _projectId))[^1].Status);
        await node.KillAsync();
        await VerifyAsync("killed with the job queued");
        await node.RestartAsync(Jobs);
        await WaitForJobsAsync();

        // 3. Killed mid-job at random moments, with stores to every level running alongside.
        await StoreAsync(versions / 2, concurrency: 8, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => StoreUntilAsync(stop.Token)).ToList();
        await RotateAsync();
        var job = (await StoredBlobs.JobsAsync(node, _projectId))[^1];
        var killedAt = new List<string>();
        for (var kill = 0; kill < kills; kill++)
        {
            // Each kill aims at a random point of the work still left (10% to 50% into it), so each finds work to interrupt.
            var target = job.Processed + (int)((job.Total - job.Processed) * (0.1 + (0.4 * random.NextDouble())));
            job = await Api.WaitForAsync(async () => (await StoredBlobs.JobsAsync(node, _projectId))[^1], j => j.Processed >= target || j.Status == "Completed",
                TimeSpan.FromMinutes(2), $"the job to pass {target}", intervalMs: 2);
            await node.KillAsync();
            job = (await StoredBlobs.JobsAsync(node, _projectId))[^1];
            killedAt.Add($"{job.Processed}/{job.Total} ({job.Status})");
            await VerifyAsync($"killed mid-job at {job.Processed}/{job.Total}");
            await node.RestartAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        output.WriteLine($"killed mid-job at {string.Join(", ", killedAt)}; {_acknowledged.Count} stores acknowledged in all");
        await WaitForJobsAsync();

        // 4. Killed after the job completed.
        await node.KillAsync();
        var final = await VerifyAsync("killed after completion");
        await node.RestartAsync();
        Assert.All(final.Blobs, b => Assert.Equal(final.CurrentKeyVersion, b.KeyVersion));
        var jobs = await StoredBlobs.JobsAsync(node, _projectId);
        output.WriteLine($"final: key version {final.CurrentKeyVersion}, {final.Blobs.Count} blobs all under it, jobs {string.Join(", ", jobs.Select(j => $"{j.Processed}/{j.Total} in {j.Attempts} claims"))}");
    }

    /// <summary>Kills the server after <paramref name="delay"/> ms, or (when negative) once the key version passes <paramref name="before"/>.</summary>
    private async Task KillAsync(int delay, Task request, int before)
    {
        if (delay >= 0)
        {
            await Task.Delay(delay);
        }
        else
        {
            await Api.WaitForAsync(() => StoredBlobs.CurrentKeyVersionAsync(_node, _projectId), v => v > before || request.IsCompleted, TimeSpan.FromMinutes(1), "the rotation to commit", intervalMs: 1);
        }

        await _node.KillAsync();
    }

    /// <summary>Every blob decrypts under its recorded key; every acknowledged store is there with what was sent.</summary>
    private async Task<StoredBlobs> VerifyAsync(string when)
    {
        // Taken before the read: stores acknowledged after it are checked next time.
        var acknowledged = _acknowledged.ToArray();
        var state = await StoredBlobs.ReadAsync(_node, _projectId);
        var plaintexts = state.DecryptAllServerManaged(_node.MasterKey);
        foreach (var (id, plaintext) in acknowledged)
        {
            Assert.True(plaintexts.TryGetValue((false, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var found), $"{when}: acknowledged version {id} is missing");
            Assert.Equal(plaintext, found);
        }

        return state;
    }

    private async Task WaitForJobsAsync()
    {
        var jobs = await Api.WaitForAsync(() => StoredBlobs.JobsAsync(_node, _projectId), js => js.All(j => j.Status == "Completed"), TimeSpan.FromMinutes(3), "every job to complete");
        Assert.All(jobs, j => Assert.Equal(j.Total, j.Processed));
        var state = await VerifyAsync("after the jobs completed");
        Assert.All(state.Blobs, b => Assert.Equal(state.CurrentKeyVersion, b.KeyVersion));
    }

    private async Task RotateAsync()
    {
        using var http = _node.NewClient();
        await Api.SucceedsAsync(http.PostAsJsonAsync($"/api/v1/{_node.Organization}/{Project}/encryption-key/rotate", new { history_policy = "re_encrypt" }));
    }

    private async Task StoreAsync(int count, int concurrency, CancellationToken cancellationToken)
    {
        using var http = _node.NewClient();
        var (key, _) = await Api.ServerKeyAsync(http, _node.Organization, Project);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var plaintext = $"N={i}\nNONCE={Guid.NewGuid():N}\n";
            var id = await Api.TryStoreAsync(http, _node.Organization, Levels[i % Levels.Length], SecretsBlob.Encrypt(key, plaintext), ct);
            Assert.NotNull(id);
            _acknowledged[id.Value] = plaintext;
        });
    }

    /// <summary>Stores until stopped, across kills and restarts; a store refused because the key moved on fetches the new key.</summary>
    private async Task StoreUntilAsync(CancellationToken stop)
    {
        byte[]? key = null;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var http = _node.NewClient();
                key ??= (await Api.ServerKeyAsync(http, _node.Organization, Project)).Key;
                var plaintext = $"W={i}\nNONCE={Guid.NewGuid():N}\n";
                if (await Api.TryStoreAsync(http, _node.Organization, Levels[i % Levels.Length], SecretsBlob.Encrypt(key, plaintext), stop) is { } id)
                {
                    _acknowledged[id] = plaintext;
                }
                else
                {
                    key = null;
                    await Task.Delay(20, CancellationToken.None);
                }
            }
            catch (Exception e) when (Api.IsCutOff(e))
            {
                key = null;
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
