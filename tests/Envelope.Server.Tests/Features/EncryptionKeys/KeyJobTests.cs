using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Features.EncryptionKeys;
using Envelope.Server.Features.EncryptionKeys.Jobs;
using Envelope.Server.Keys;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

/// <summary>Jobs and keys across hosts on one database: restarts, competing nodes, master-key rotation.</summary>
public sealed class KeyJobTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ReEncryptionJob_InterruptedByStoppingTheHost_CompletesAfterRestart()
    {
        string orgId, token, jobId;
        var ids = new List<long>();
        await using (var first = await StartAsync(jobsEnabled: false))
        {
            var org = await first.CreateOrganizationAsync();
            (orgId, token) = (org.Id, org.OwnerToken);
            await org.CreateHierarchyAsync();
            for (var i = 0; i < 5; i++)
            {
                ids.Add(await org.StoreAsync("my-app", null, null, $"N={i}\n"));
            }

            var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
            jobId = rotated["data"]!["job"]!["id"]!.GetValue<string>();

            // This node takes the job and gets one batch done, then "crashes" holding the lease.
            await using var scope = first.Services.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<KeyJobRunner>();
            Assert.Equal(jobId, await runner.TryClaimAsync("node-that-dies", CancellationToken.None));
            Assert.True(await runner.RunBatchAsync(jobId, "node-that-dies", CancellationToken.None));
        }

        await using var second = await StartAsync(jobsEnabled: true);
        var owner = second.ClientWithToken(token);
        var midway = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/my-app/encryption-key/jobs/{jobId}")))["data"]!;
        Assert.Equal("running", midway["status"]!.GetValue<string>());
        Assert.Equal(2, midway["processed"]!.GetValue<int>());

        // The dead node's lease runs out; the new node's worker resumes the job.
        second.Time.Advance(TimeSpan.FromSeconds(31));
        var done = await ServerKeyRotationTests.WaitForJobAsync(new TestOrganization(second, orgId, token), jobId);

        Assert.Equal(ids.Count, done["processed"]!.GetValue<int>());
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
        var key = Convert.FromBase64String((await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/my-app/encryption-key")))["data"]!["key"]!.GetValue<string>());
        foreach (var id in ids)
        {
            var version = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/secrets/versions/{id}")))["data"]!;
            Assert.Equal(2, version["key_version"]!.GetValue<int>());
            Assert.StartsWith("N=", TestBlobs.Open(key, version), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReEncryptionJob_TakenOverThenClaimedBackByTheSameWorker_CountsEveryVersionOnce()
    {
        await using var host = await StartAsync(jobsEnabled: false);
        var org = await host.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        for (var i = 0; i < 6; i++)
        {
            await org.StoreAsync("my-app", null, null, $"N={i}\n");
        }

        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        var jobId = rotated["data"]!["job"]!["id"]!.GetValue<string>();

        // A worker keeps one scope while it finds jobs to claim: node a runs a batch and stalls past its lease, b takes the
        // job over and runs a batch, then b stalls in turn and a, in the same scope, claims the job back and finishes it.
        await using var a = host.Services.CreateAsyncScope();
        await using var b = host.Services.CreateAsyncScope();
        var runnerA = a.ServiceProvider.GetRequiredService<KeyJobRunner>();
        var runnerB = b.ServiceProvider.GetRequiredService<KeyJobRunner>();
        Assert.Equal(jobId, await runnerA.TryClaimAsync("a", CancellationToken.None));
        Assert.True(await runnerA.RunBatchAsync(jobId, "a", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(jobId, await runnerB.TryClaimAsync("b", CancellationToken.None));
        Assert.True(await runnerB.RunBatchAsync(jobId, "b", CancellationToken.None));
        host.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(jobId, await runnerA.TryClaimAsync("a", CancellationToken.None));
        Assert.False(await runnerA.RunBatchAsync(jobId, "a", CancellationToken.None));

        // Before the fix a's second claim counted on from its own stale copy of the job: completed at 4 of 4.
        var done = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key/jobs/{jobId}")))["data"]!;
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(6, done["processed"]!.GetValue<int>());
        Assert.Equal(6, done["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task PendingHistory_WhileAJobRuns_Returns409()
    {
        await using var host = await StartAsync(jobsEnabled: false);
        var org = await host.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" });

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/secrets/re-encrypt-history/pending", new { });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Conflict, "rotation_in_progress");
    }

    [Fact]
    public async Task TwoNodesClaimingOneJob_ExactlyOneGetsIt()
    {
        await using var host = await StartAsync(jobsEnabled: false);
        var org = await host.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" });

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<KeyJobRunner>().TryClaimAsync($"node-{i}", CancellationToken.None);
        }));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task MasterKeyRotation_StoppedMidway_ResumesWhenRunAgain_AndTheServerReadsUnderTheNewKey()
    {
        string orgId = string.Empty, token = string.Empty;
        var nextKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var keyFile = Path.Combine(_database.Directory, "new.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(nextKey));
        await using (var host = await StartAsync(jobsEnabled: false))
        {
            for (var p = 0; p < 3; p++)
            {
                var org = await host.CreateOrganizationAsync();
                await org.CreateProjectAsync($"p{p}");
                await org.StoreAsync($"p{p}", null, null, $"P={p}\n");
                (orgId, token) = (org.Id, org.OwnerToken);
            }

            // A first run dies after re-wrapping one key.
            var next = new MasterKey(nextKey);
            await using var scope = host.Services.CreateAsyncScope();
            var rotation = new MasterKeyRotation(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>());
            var current = host.Services.GetRequiredService<MasterKey>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => rotation.RunAsync(current, next, new ThrowAfterFirst(), CancellationToken.None));
            var wrappedByNew = await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().ProjectKeys.CountAsync(k => k.MasterKeyId == next.Id);
            Assert.Equal(1, wrappedByNew);
        }

        var (exitCode, output, error) = await ServerCommand.RunAsync(_database, null, "master-key", "rotate", "--new-key-file", keyFile);
        var again = await ServerCommand.RunAsync(_database, null, "master-key", "rotate", "--new-key-file", keyFile);

        Assert.True(exitCode == 0, error);
        Assert.Contains("\"Rewrapped\":2", output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"AlreadyDone\":3", again.Output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        await using var restarted = await StartAsync(jobsEnabled: false, new() { ["ENVELOPE_MASTER_KEY"] = Convert.ToBase64String(nextKey) });
        var merged = await JsonApi.ReadAsync(await restarted.ClientWithToken(token).GetAsync($"/api/v1/{orgId}/p2/secrets?decrypt=true&merge=true"));
        Assert.Equal("2", merged["data"]!["attributes"]!["secrets"]!["P"]!.GetValue<string>());
    }

    [Fact]
    public async Task MasterKeyRotation_ResealsTheDataProtectionRing_SoConsoleCookiesOutliveTheOldKey()
    {
        var nextKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var keyFile = Path.Combine(_database.Directory, "next.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(nextKey));
        string orgId, cookie;
        await using (var host = await StartAsync(jobsEnabled: false))
        {
            var org = await host.CreateOrganizationAsync();
            orgId = org.Id;
            var (_, email) = await Sessions.SessionHarness.AddUserAsync(host, org.Id, Envelope.Server.Data.Entities.MembershipRole.Member);
            cookie = (await Sessions.SessionHarness.SignInAsync(host, email)).Cookie;
        }

        var (exitCode, output, error) = await ServerCommand.RunAsync(_database, null, "master-key", "rotate", "--new-key-file", keyFile);
        Assert.True(exitCode == 0, error);

        // Only the new key, no previous one: the ring must open under it alone.
        await using var restarted = await StartAsync(jobsEnabled: false, new() { ["ENVELOPE_MASTER_KEY"] = Convert.ToBase64String(nextKey) });
        Assert.Equal(HttpStatusCode.OK, (await Sessions.SessionHarness.WithCookie(restarted, cookie).GetAsync($"/api/v1/{orgId}/projects")).StatusCode);
        Assert.DoesNotContain("\"RingKeysResealed\":0", output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        var again = await ServerCommand.RunAsync(_database, null, "master-key", "rotate", "--new-key-file", keyFile);
        Assert.Contains("\"RingKeysResealed\":0", again.Output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReEncryptionJob_AtAVersionThatDoesNotDecrypt_FailsNamingIt_AndIsNotRetried()
    {
        await using var host = await StartAsync(jobsEnabled: false);
        var org = await host.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await org.StoreAsync("my-app", null, null, $"N={i}\n"));
        }

        // What a damaged disk or a bug could leave: a version whose blob no key of the project opens.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var foreign = SecretsBlob.Encrypt(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), "N=?\n");
            await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SecretVersions
                .Where(v => v.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(v => v.Content, foreign));
        }

        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        var jobId = rotated["data"]!["job"]!["id"]!.GetValue<string>();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<KeyJobRunner>();
            Assert.Equal(jobId, await runner.TryClaimAsync("node", CancellationToken.None));
            Assert.False(await runner.RunBatchAsync(jobId, "node", CancellationToken.None));
            // Failed for good: no node claims it again, not even after its lease would have run out.
            host.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.Null(await runner.TryClaimAsync("another-node", CancellationToken.None));
        }

        var job = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key/jobs/{jobId}")))["data"]!;
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal($"Version {ids[1]} does not decrypt under its key version 1.", job["error"]!.GetValue<string>());
        Assert.Equal(0, job["processed"]!.GetValue<int>());
        Assert.Null(job["lease_owner"]?.GetValue<string>());
        // The batch was rolled back whole: the version before the damaged one is still under its old key.
        var first = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{ids[0]}")))["data"]!;
        Assert.Equal(1, first["key_version"]!.GetValue<int>());
        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?project=my-app"));
        Assert.Contains("job.fail", audit["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    private async Task<EnvelopeApplication> StartAsync(bool jobsEnabled, Dictionary<string, string?>? settings = null)
    {
        var host = EnvelopeApplication.On(_database);
        host.Settings["ENVELOPE_JOBS_ENABLED"] = jobsEnabled ? "true" : "false";
        host.Settings["ENVELOPE_JOBS_BATCH_SIZE"] = "2";
        foreach (var (key, value) in settings ?? [])
        {
            host.Settings[key] = value;
        }

        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }

    private sealed class ThrowAfterFirst : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => throw new InvalidOperationException("Killed midway.");
    }
}
