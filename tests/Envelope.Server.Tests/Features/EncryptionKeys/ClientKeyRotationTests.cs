using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Tests.Features.Secrets;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

public sealed class ClientKeyRotationTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task GetEncryptionKey_ClientManaged_GivesProofParametersOnly()
    {
        var (org, key) = await SeedAsync();

        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key")))["data"]!;

        Assert.Equal("client", descriptor["managed"]!.GetValue<string>());
        Assert.Equal(1, descriptor["version"]!.GetValue<int>());
        Assert.Equal(Convert.ToBase64String(key.Salt), descriptor["key_check_salt"]!.GetValue<string>());
        Assert.Equal(KeyProof.MinimumIterations, descriptor["key_check_iterations"]!.GetValue<int>());
        Assert.Null(descriptor["key"]);
    }

    [Fact]
    public async Task RotateAndReEncryptHistory_EveryVersionDecryptsWithTheNewKeyAndNoneWithTheOld()
    {
        var (org, oldKey) = await SeedAsync();
        await StoreAsync(org, oldKey, null, "A=1\n");
        await StoreAsync(org, oldKey, null, "A=2\n");
        await StoreAsync(org, oldKey, "web", "B=1\n");
        var newKey = NewKey();

        var rotated = await RotateAsync(org, oldKey, newKey, await CurrentBlobsAsync(org, oldKey, newKey));

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await JsonApi.ReadAsync(rotated);
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.Equal(2, body["data"]!["count"]!.GetValue<int>());
        Assert.Equal(2, body["data"]!["key_version"]!.GetValue<int>());

        var rounds = 0;
        while (true)
        {
            var pending = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history/pending", new { limit = 2 }));
            var batch = pending["data"]!.AsArray();
            if (batch.Count == 0)
            {
                Assert.Equal(0, pending["meta"]!["remaining"]!.GetValue<int>());
                break;
            }

            var versions = batch.Select(v => new
            {
                id = v!["id"]!.GetValue<long>(),
                content = SecretsBlob.Encrypt(ClientKey.Pad(newKey.Key), SecretsBlob.Decrypt(ClientKey.Pad(oldKey.Key), v["content"]!.GetValue<string>())),
            }).ToArray();
            var submitted = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history", new { versions, key_proof = newKey.Proof }));
            Assert.Equal(versions.Length, submitted["data"]!["updated"]!.GetValue<int>());
            Assert.True(++rounds < 10);
        }

        var all = (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "vault" })))["data"]!.AsArray()
            .Concat((await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "vault", target = "web" })))["data"]!.AsArray());
        foreach (var listed in all)
        {
            var version = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{listed!["id"]}")))["data"]!;
            var content = version["content"]!.GetValue<string>();
            Assert.Equal(2, version["key_version"]!.GetValue<int>());
            Assert.True(SecretsBlob.TryDecrypt(ClientKey.Pad(newKey.Key), content, out _));
            Assert.False(SecretsBlob.TryDecrypt(ClientKey.Pad(oldKey.Key), content, out _));
        }
    }

    [Fact]
    public async Task RotateClientKeys_NotCoveringExactlyTheCurrentBlobs_Returns422AndChangesNothing()
    {
        var (org, oldKey) = await SeedAsync();
        await StoreAsync(org, oldKey, null, "A=1\n");
        await StoreAsync(org, oldKey, "web", "B=1\n");
        var newKey = NewKey();
        var blobs = await CurrentBlobsAsync(org, oldKey, newKey);

        var missing = await RotateAsync(org, oldKey, newKey, blobs.Take(1).ToArray());
        var unknown = await RotateAsync(org, oldKey, newKey, [.. blobs, new { id = "01ARZ3NDEKTSV4RRFFQ69G5FAV", content = ((dynamic)blobs[0]).content }]);

        var missingBody = await JsonApi.AssertErrorAsync(missing, HttpStatusCode.UnprocessableEntity, "secrets_mismatch");
        Assert.Single(missingBody["details"]!["missing"]!.AsArray());
        var unknownBody = await JsonApi.AssertErrorAsync(unknown, HttpStatusCode.UnprocessableEntity, "secrets_mismatch");
        Assert.Equal("01ARZ3NDEKTSV4RRFFQ69G5FAV", unknownBody["details"]!["unknown"]![0]!.GetValue<string>());
        await AssertStillOnTheOldKeyAsync(org, oldKey);
    }

    [Fact]
    public async Task RotateClientKeys_AfterALevelWasWrittenSinceItWasRead_Returns409AndKeepsTheNewerWrite()
    {
        var (org, oldKey) = await SeedAsync();
        await StoreAsync(org, oldKey, null, "A=1\n");
        var newKey = NewKey();
        var read = await CurrentBlobsAsync(org, oldKey, newKey, withUpdatedAt: true);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await StoreAsync(org, oldKey, null, "A=2\n");

        var stale = await RotateAsync(org, oldKey, newKey, read);

        var body = await JsonApi.AssertErrorAsync(stale, HttpStatusCode.Conflict, "secrets_changed");
        Assert.Single(body["details"]!["changed"]!.AsArray());
        await AssertStillOnTheOldKeyAsync(org, oldKey);
        var fresh = await RotateAsync(org, oldKey, newKey, await CurrentBlobsAsync(org, oldKey, newKey, withUpdatedAt: true));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var level = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets")))["data"]!["attributes"]!["levels"]!["project"]!;
        Assert.Equal("A=2\n", SecretsBlob.Decrypt(ClientKey.Pad(newKey.Key), level["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RotateClientKeys_WithoutProofOfTheCurrentKey_Returns422AndChangesNothing()
    {
        var (org, oldKey) = await SeedAsync();
        await StoreAsync(org, oldKey, null, "A=1\n");
        var newKey = NewKey();

        var response = await RotateAsync(org, newKey, newKey, await CurrentBlobsAsync(org, oldKey, newKey));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "key_proof_mismatch");
        await AssertStillOnTheOldKeyAsync(org, oldKey);
    }

    [Fact]
    public async Task ReEncryptHistory_RacingARotation_Returns422KeyVersionConflict_AndAWrongProofKeyProofMismatch()
    {
        var (org, key1) = await SeedAsync();
        await StoreAsync(org, key1, null, "A=1\n");
        var key2 = NewKey();
        await RotateAsync(org, key1, key2, await CurrentBlobsAsync(org, key1, key2));
        var pending = (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history/pending", new { })))["data"]![0]!;
        var reEncrypted = new[] { new { id = pending["id"]!.GetValue<long>(), content = SecretsBlob.Encrypt(ClientKey.Pad(key2.Key), "A=1\n") } };
        // Someone else rotates again before this client submits its batch.
        var key3 = NewKey();
        await RotateAsync(org, key2, key3, await CurrentBlobsAsync(org, key2, key3));

        var raced = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history", new { versions = reEncrypted, key_proof = key2.Proof });
        var stated = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history", new { versions = reEncrypted, key_proof = key3.Proof, key_version = 2 });
        var wrong = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history", new { versions = reEncrypted, key_proof = NewKey().Proof });

        await JsonApi.AssertErrorAsync(raced, HttpStatusCode.UnprocessableEntity, "key_version_conflict");
        await JsonApi.AssertErrorAsync(stated, HttpStatusCode.UnprocessableEntity, "key_version_conflict");
        await JsonApi.AssertErrorAsync(wrong, HttpStatusCode.UnprocessableEntity, "key_proof_mismatch");
    }

    [Fact]
    public async Task RestoreVersion_UnderAnOldClientKey_NeedsReEncryptedContentAndProof()
    {
        var (org, oldKey) = await SeedAsync();
        var old = await StoreAsync(org, oldKey, null, "A=old\n");
        await StoreAsync(org, oldKey, null, "A=newer\n");
        var newKey = NewKey();
        await RotateAsync(org, oldKey, newKey, await CurrentBlobsAsync(org, oldKey, newKey));
        var content = SecretsBlob.Encrypt(ClientKey.Pad(newKey.Key), "A=old\n");
        var url = $"/api/v1/{org.Id}/secrets/versions/{old}/restore";

        var withoutContent = await org.Owner.PostAsJsonAsync(url, new { });
        var withWrongProof = await org.Owner.PostAsJsonAsync(url, new { content, key_proof = oldKey.Proof });
        var restored = await org.Owner.PostAsJsonAsync(url, new { content, key_proof = newKey.Proof });

        var body = await JsonApi.AssertErrorAsync(withoutContent, HttpStatusCode.UnprocessableEntity, "content_required_for_old_key");
        Assert.Equal(1, body["details"]!["version_key_version"]!.GetValue<int>());
        await JsonApi.AssertErrorAsync(withWrongProof, HttpStatusCode.UnprocessableEntity, "key_proof_mismatch");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var level = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets")))["data"]!["attributes"]!["levels"]!["project"]!;
        Assert.Equal("A=old\n", SecretsBlob.Decrypt(ClientKey.Pad(newKey.Key), level["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PendingHistory_OnAServerManagedProject_Returns400()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("server-side");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/server-side/secrets/re-encrypt-history/pending", new { });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "server_managed_key");
    }

    private async Task<(TestOrganization Org, ClientManagedSecretsTests.TestClientKey Key)> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        var key = await ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "vault");
        await org.CreateTargetAsync("vault", "web");
        return (org, key);
    }

    private static ClientManagedSecretsTests.TestClientKey NewKey()
    {
        var key = ClientKey.Generate();
        var salt = KeyProof.GenerateSalt();
        return new(key, salt, KeyProof.Compute(key, salt, KeyProof.MinimumIterations));
    }

    private static async Task<long> StoreAsync(TestOrganization org, ClientManagedSecretsTests.TestClientKey key, string? target, string dotenv)
    {
        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", target, content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), dotenv), key_proof = key.Proof }, JsonApi.Options);
        return (await JsonApi.ReadAsync(response))["data"]!["version"]!.GetValue<long>();
    }

    /// <summary>Every current blob of the project, decrypted with <paramref name="from"/> and re-encrypted with <paramref name="to"/>.</summary>
    private static async Task<object[]> CurrentBlobsAsync(
        TestOrganization org, ClientManagedSecretsTests.TestClientKey from, ClientManagedSecretsTests.TestClientKey to, bool withUpdatedAt = false)
    {
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/web/secrets")))["data"]!["attributes"]!["levels"]!.AsObject();
        return [.. levels.Select(l =>
        {
            var id = l.Value!["id"]!.GetValue<string>();
            var content = SecretsBlob.Encrypt(ClientKey.Pad(to.Key), SecretsBlob.Decrypt(ClientKey.Pad(from.Key), l.Value["content"]!.GetValue<string>()));
            return withUpdatedAt ? (object)new { id, content, updated_at = l.Value["updated_at"]!.GetValue<DateTimeOffset>() } : new { id, content };
        })];
    }

    private static Task<HttpResponseMessage> RotateAsync(TestOrganization org, ClientManagedSecretsTests.TestClientKey current, ClientManagedSecretsTests.TestClientKey next, object[] secrets) =>
        org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/rotate-client-keys", new
        {
            secrets,
            key_check = next.Proof,
            key_check_salt = Convert.ToBase64String(next.Salt),
            key_check_iterations = KeyProof.MinimumIterations,
            key_proof = current.Proof,
        });

    private static async Task AssertStillOnTheOldKeyAsync(TestOrganization org, ClientManagedSecretsTests.TestClientKey oldKey)
    {
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/web/secrets")))["data"]!["attributes"]!["levels"]!.AsObject();
        Assert.All(levels, l =>
        {
            Assert.Equal(1, l.Value!["key_version"]!.GetValue<int>());
            Assert.True(SecretsBlob.TryDecrypt(ClientKey.Pad(oldKey.Key), l.Value["content"]!.GetValue<string>(), out _));
        });
        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key")))["data"]!;
        Assert.Equal(Convert.ToBase64String(oldKey.Salt), descriptor["key_check_salt"]!.GetValue<string>());
    }
}
