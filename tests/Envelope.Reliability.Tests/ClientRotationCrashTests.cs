using System.Collections.Concurrent;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;
using Xunit.Abstractions;

namespace Envelope.Reliability.Tests;

/// <summary>
/// A client-managed rotation with history re-encryption, the test being the client (it holds the new key before it asks
/// the server for anything, as `envelope keys rotate --client --new-key-file` does): the server is killed while the
/// rotate request is in flight, between history batches and inside one; the client stops between batches and a fresh
/// <see cref="ClientManagedSecrets"/> finishes. After each kill every blob in the database must decrypt with the client key
/// of the version its row names (whose key check must be that key's), and the rotation must resume to completion.
/// Bounded: ENVELOPE_ROTATION_VERSIONS (150) versions; the full run sets it to 2000.
/// </summary>
public sealed class ClientRotationCrashTests(ITestOutputHelper output)
{
    private const string Project = "vault";
    private const int Batch = 5;
    private static readonly Level[] Levels = [new(Project), new(Project, "web"), new(Project, "web", "prod"), new(Project, "web", "staging")];

    private readonly ConcurrentDictionary<long, string> _acknowledged = new();
    private readonly Dictionary<int, string> _keys = [];
    private ServerNode _node = null!;
    private string _projectId = null!;

    [Fact]
    public async Task ClientManagedRotation_ServerKilledOrClientStopped_ResumesAndEveryBlobDecryptsUnderItsRecordedKey()
    {
        var versions = Api.Setting("ENVELOPE_ROTATION_VERSIONS", 150);
        var seed = Api.Setting("ENVELOPE_ROTATION_SEED", Random.Shared.Next());
        var random = new Random(seed);
        output.WriteLine($"engine {ServerNode.Engine}, {versions} versions over {Levels.Length} levels, history batches of {Batch}, seed {seed}");

        var oldKey = ClientKey.Generate();
        _keys[1] = oldKey;
        await using var node = _node = await ServerNode.StartAsync();
        using (var http = node.NewClient())
        using (var client = Client())
        {
            var salt = KeyProof.GenerateSalt();
            await Api.CreateHierarchyAsync(http, node.Organization, Project, "web", ["prod", "staging"], project: new
            {
                name = Project, slug = Project, key_management = "client",
                key_check = KeyProof.Compute(oldKey, salt, KeyProof.MinimumIterations), key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations,
            });
            var secrets = new ClientManagedSecrets(client.Organization(node.Organization), Project, oldKey);
            await Parallel.ForAsync(0, versions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var dotenv = $"N={i}\nNONCE={Guid.NewGuid():N}\n";
                var level = Levels[i % Levels.Length];
                var stored = await secrets.PushAsync(new LevelPath(level.Project, level.Target, level.Environment), dotenv, cancellationToken: ct);
                _acknowledged[stored.Version!.Value] = dotenv;
            });
        }

        _projectId = await StoredBlobs.ProjectIdAsync(node, node.Organization, Project);
        await VerifyAsync("before the rotation");

        // 1. The rotate request, killed in flight. The new key exists only here until the server has it; after the kill the
        // client learns whether the swap committed from the key check salt it sent.
        var newKey = ClientKey.Generate();
        var outcomes = new List<string>();
        for (var attempt = 0; !_keys.ContainsKey(2); attempt++)
        {
            using var client = Client();
            var (request, salt) = await RotationRequestAsync(client.Organization(node.Organization), oldKey, newKey);
            var rotate = client.Organization(node.Organization).EncryptionKeys.RotateClientKeysAsync(Project, request);
            // The first attempt waits a random delay; the next kill the moment the swap shows in the database (committed,
            // most likely not yet answered); after four the request goes through without a kill.
            var delay = attempt == 0 ? random.Next(0, 100) : -1;
            if (attempt < 4)
            {
                if (delay >= 0)
                {
                    await Task.Delay(delay);
                }
                else
                {
                    await Api.WaitForAsync(() => StoredBlobs.CurrentKeyVersionAsync(node, _projectId), v => v > 1 || rotate.IsCompleted, TimeSpan.FromMinutes(1), "the swap to commit", intervalMs: 1);
                }

                await node.KillAsync();
            }

            var acknowledged = await rotate.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            if (attempt < 4)
            {
                await node.RestartAsync();
            }

            using var after = Client();
            var committed = (await after.Organization(node.Organization).EncryptionKeys.GetAsync(Project)).KeyCheckSalt == salt;
            Assert.True(committed || !acknowledged, "An acknowledged rotation is not in the database.");
            if (committed)
            {
                _keys[2] = newKey;
            }

            await VerifyAsync($"rotate killed after {delay} ms");
            outcomes.Add($"{(attempt >= 4 ? "no kill" : delay < 0 ? "at commit" : $"{delay} ms")}: {(acknowledged ? "acknowledged" : committed ? "committed, unacknowledged" : "not committed")}");
        }

        output.WriteLine($"rotate in flight: {string.Join("; ", outcomes)}");

        // 2. History: the server killed between two batches, then inside one.
        var killBetweenAfter = random.Next(2, 6);
        var batches = await ReEncryptHistoryAsync(oldKey, newKey, stopAfter: killBetweenAfter);
        await node.KillAsync();
        await VerifyAsync($"killed between history batches {batches} and {batches + 1}");
        await node.RestartAsync();

        var delayInside = random.Next(0, 30);
        var inside = ReEncryptHistoryAsync(oldKey, newKey, stopAfter: int.MaxValue);
        await Task.Delay(delayInside);
        await node.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => inside);
        await VerifyAsync($"killed {delayInside} ms into a history batch");
        await node.RestartAsync();

        // 3. The client stops between batches; a fresh helper, given the retired key, finishes the history.
        batches = await ReEncryptHistoryAsync(oldKey, newKey, stopAfter: random.Next(1, 4));
        await VerifyAsync($"client stopped after {batches} batches");
        using (var client = Client())
        {
            var finished = await new ClientManagedSecrets(client.Organization(node.Organization), Project, newKey).ReEncryptHistoryAsync([oldKey]);
            output.WriteLine($"the helper re-encrypted the remaining {finished} versions");
            Assert.Equal(0, (await client.Organization(node.Organization).EncryptionKeys.GetPendingHistoryAsync(Project)).Remaining);
        }

        var final = await VerifyAsync("after the history completed");
        Assert.All(final.Blobs, b => Assert.Equal(2, b.KeyVersion));
        output.WriteLine($"final: {final.Blobs.Count} blobs all under key version 2; {_acknowledged.Count} acknowledged stores all found");
    }

    private EnvelopeClient Client() =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, new EnvelopeClientOptions { Server = _node.Address, Token = _node.OwnerToken });

    /// <summary>Every current blob of the project re-encrypted under the new key, with the new key check and the old key's proof.</summary>
    private static async Task<(RotateClientKeysRequest Request, string Salt)> RotationRequestAsync(OrganizationClient organization, string oldKey, string newKey)
    {
        var current = await organization.EncryptionKeys.GetAsync(Project);
        var blobs = new Dictionary<string, ReEncryptedSecret>();
        foreach (var level in Levels)
        {
            foreach (var blob in (await organization.Secrets.ReadAsync(new LevelPath(level.Project, level.Target, level.Environment))).Levels())
            {
                Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(oldKey, blob.Content, blob.Place!.WithKeyVersion(blob.KeyVersion), out var text));
                blobs[blob.Id] = new ReEncryptedSecret { Id = blob.Id, Content = SecretsBlob.SealWithClientKey(newKey, text!, blob.Place.WithKeyVersion(current.Version + 1)) };
            }
        }

        var salt = KeyProof.GenerateSalt();
        var request = new RotateClientKeysRequest
        {
            Secrets = [.. blobs.Values],
            KeyCheck = KeyProof.Compute(newKey, salt, KeyProof.MinimumIterations),
            KeyCheckSalt = Convert.ToBase64String(salt),
            KeyCheckIterations = KeyProof.MinimumIterations,
            KeyProof = KeyProof.Compute(oldKey, Convert.FromBase64String(current.KeyCheckSalt!), current.KeyCheckIterations!.Value),
        };
        return (request, request.KeyCheckSalt);
    }

    /// <summary>The client's history loop, in small batches; returns after <paramref name="stopAfter"/> batches or when none remain.</summary>
    private async Task<int> ReEncryptHistoryAsync(string oldKey, string newKey, int stopAfter)
    {
        using var client = Client();
        var keys = client.Organization(_node.Organization).EncryptionKeys;
        var current = await keys.GetAsync(Project);
        var proof = KeyProof.Compute(newKey, Convert.FromBase64String(current.KeyCheckSalt!), current.KeyCheckIterations!.Value);
        for (var batch = 0; batch < stopAfter; batch++)
        {
            var pending = await keys.GetPendingHistoryAsync(Project, Batch);
            if (pending.Versions.Count == 0)
            {
                return batch;
            }

            var reEncrypted = pending.Versions
                .Select(v => new ReEncryptedVersion { Id = v.Id, Content = SecretsBlob.SealWithClientKey(newKey, Open(oldKey, v), v.Place!.WithKeyVersion(pending.KeyVersion)) })
                .ToList();
            await keys.ReEncryptHistoryAsync(Project, reEncrypted, proof, pending.KeyVersion);
        }

        return stopAfter;
    }

    private static string Open(string key, PendingVersion version) =>
        SecretsBlob.TryOpenWithClientKey(key, version.Content, version.Place!.WithKeyVersion(version.KeyVersion), out var text) == BlobOpenStatus.Opened
            ? text!
            : throw new InvalidOperationException($"Version {version.Id} does not open with the old key at its place.");

    private async Task<StoredBlobs> VerifyAsync(string when)
    {
        var acknowledged = _acknowledged.ToArray();
        var state = await StoredBlobs.ReadAsync(_node, _projectId);
        Assert.Equal(_keys.Count, state.CurrentKeyVersion);
        var plaintexts = state.DecryptAllClientManaged(_keys);
        foreach (var (id, plaintext) in acknowledged)
        {
            Assert.True(plaintexts.TryGetValue((false, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var found), $"{when}: acknowledged version {id} is missing");
            Assert.Equal(plaintext, found);
        }

        return state;
    }
}
