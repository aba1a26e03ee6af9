using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

/// <summary>
/// A passphrase-keyed project: its Argon2id metadata is stored with the key version it derived and handed back to
/// readers, while the key itself (and everything the server checks) stays the generated-key format.
/// </summary>
public sealed class PassphraseKdfTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public async Task CreateWithKdf_ProjectKeyAndSecretReadsReturnIt_AndTheDerivedKeyStores()
    {
        var org = await app.CreateOrganizationAsync();
        var kdf = PassphraseKdf.CreateDefault();
        var key = KnownSecrets.Register(PassphraseKey.Derive(Passphrase, kdf));
        var proof = await CreateAsync(org, "vault", key, Body(kdf));

        var project = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/vault")))["data"]!;
        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key")))["data"]!;
        var stored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.EncryptWithClientKey(key, "A=1\n"), key_proof = proof });
        var read = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "vault", action = "key:retrieve" }));

        AssertKdf(kdf, project["kdf"]);
        AssertKdf(kdf, descriptor["kdf"]);
        AssertKdf(kdf, Assert.Single(read["data"]!["attributes"]!["keys"]!.AsArray())!["kdf"]);
        Assert.Null(descriptor["key"]);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        // What was derived from the metadata the server handed back is the key the blob was written with.
        var reDerived = PassphraseKey.Derive(Passphrase, FromJson(descriptor["kdf"]!));
        var content = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets")))["data"]!["attributes"]!["levels"]!["project"]!["content"]!.GetValue<string>();
        Assert.True(SecretsBlob.TryDecryptWithClientKey(reDerived, content, out var text));
        Assert.Equal("A=1\n", text);
    }

    [Fact]
    public async Task CreateWithoutKdf_ReadsCarryNone()
    {
        var org = await app.CreateOrganizationAsync();
        await CreateAsync(org, "vault", ClientKey.Generate(), kdf: null);

        var project = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/vault")))["data"]!;
        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key")))["data"]!;

        Assert.Null(project["kdf"]);
        Assert.Null(descriptor["kdf"]);
        Assert.NotNull(descriptor["key_check_salt"]);
    }

    public static TheoryData<string, string> BadKdfs() => new()
    {
        { """{"algorithm":"scrypt","version":19,"memory_kib":65536,"iterations":3,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.algorithm" },
        { """{"algorithm":"argon2id","version":16,"memory_kib":65536,"iterations":3,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.version" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":4194304,"iterations":3,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.memory_kib" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":1024,"iterations":3,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.memory_kib" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":65536,"iterations":1000,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.iterations" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":65536,"iterations":3,"parallelism":64,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.parallelism" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":65536,"iterations":3,"parallelism":1,"salt":"AAEC"}""", "kdf.salt" },
        { """{"algorithm":"argon2id","version":19,"memory_kib":65536,"iterations":3,"parallelism":1,"salt":"not base64!"}""", "kdf.salt" },
        { """{"algorithm":"argon2id","memory_kib":65536,"iterations":3,"parallelism":1,"salt":"AAECAwQFBgcICQoLDA0ODw=="}""", "kdf.version" },
    };

    [Theory]
    [MemberData(nameof(BadKdfs))]
    public async Task CreateWithBadKdf_Returns422InvalidKdfAndCreatesNothing(string kdfJson, string field)
    {
        var org = await app.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        var salt = KeyProof.GenerateSalt();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new
        {
            name = "vault", key_management = "client", key_check = KeyProof.Compute(key, salt, KeyProof.MinimumIterations),
            key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations, kdf = JsonNode.Parse(kdfJson),
        });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_kdf");
        Assert.Equal(field, body["details"]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/vault")).StatusCode);
    }

    [Fact]
    public async Task CreateServerManagedWithKdf_Returns422()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "vault", kdf = Body(PassphraseKdf.CreateDefault()) });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["kdf"]);
    }

    [Fact]
    public async Task RotateToAPassphrase_EachKeyVersionKeepsTheMetadataItWasDerivedWith()
    {
        var org = await app.CreateOrganizationAsync();
        var firstKdf = PassphraseKdf.CreateDefault();
        var firstKey = PassphraseKey.Derive(Passphrase, firstKdf);
        var firstProof = await CreateAsync(org, "vault", firstKey, Body(firstKdf));
        var secondKdf = new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, 4, 2, KeyProof.GenerateSalt());
        var secondKey = PassphraseKey.Derive("a different passphrase", secondKdf);
        var salt = KeyProof.GenerateSalt();

        var rotated = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/rotate-client-keys", new
        {
            secrets = Array.Empty<object>(), key_check = KeyProof.Compute(secondKey, salt, KeyProof.MinimumIterations),
            key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations, key_proof = firstProof, kdf = Body(secondKdf),
        });

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var history = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key/history")))["data"]!.AsArray();
        Assert.Equal(2, history[0]!["version"]!.GetValue<int>());
        AssertKdf(secondKdf, history[0]!["kdf"]);
        Assert.Equal(1, history[1]!["version"]!.GetValue<int>());
        AssertKdf(firstKdf, history[1]!["kdf"]);
        AssertKdf(secondKdf, (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/vault")))["data"]!["kdf"]);
    }

    [Fact]
    public async Task RotateWithBadKdf_Returns422AndKeepsTheOldKey()
    {
        var org = await app.CreateOrganizationAsync();
        var kdf = PassphraseKdf.CreateDefault();
        var proof = await CreateAsync(org, "vault", ClientKey.Generate(), Body(kdf));
        var salt = KeyProof.GenerateSalt();

        var rotated = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/rotate-client-keys", new
        {
            secrets = Array.Empty<object>(), key_check = KeyProof.Compute(ClientKey.Generate(), salt, KeyProof.MinimumIterations),
            key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations, key_proof = proof,
            kdf = new { algorithm = "argon2id", version = 19, memory_kib = 1 << 30, iterations = 3, parallelism = 1, salt = Convert.ToBase64String(salt) },
        });

        await JsonApi.AssertErrorAsync(rotated, HttpStatusCode.UnprocessableEntity, "invalid_kdf");
        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/encryption-key")))["data"]!;
        Assert.Equal(1, descriptor["version"]!.GetValue<int>());
        AssertKdf(kdf, descriptor["kdf"]);
    }

    private static object Body(PassphraseKdf kdf) => new
    {
        algorithm = kdf.Algorithm, version = kdf.Version, memory_kib = kdf.MemoryKiB, iterations = kdf.Iterations, parallelism = kdf.Parallelism,
        salt = Convert.ToBase64String(kdf.Salt),
    };

    private static PassphraseKdf FromJson(JsonNode kdf) => new(
        kdf["memory_kib"]!.GetValue<int>(), kdf["iterations"]!.GetValue<int>(), kdf["parallelism"]!.GetValue<int>(), Convert.FromBase64String(kdf["salt"]!.GetValue<string>()));

    private static void AssertKdf(PassphraseKdf expected, JsonNode? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal("argon2id", actual["algorithm"]!.GetValue<string>());
        Assert.Equal(19, actual["version"]!.GetValue<int>());
        Assert.Equal(expected.MemoryKiB, actual["memory_kib"]!.GetValue<int>());
        Assert.Equal(expected.Iterations, actual["iterations"]!.GetValue<int>());
        Assert.Equal(expected.Parallelism, actual["parallelism"]!.GetValue<int>());
        Assert.Equal(Convert.ToBase64String(expected.Salt), actual["salt"]!.GetValue<string>());
    }

    /// <summary>Creates a client-managed project keyed by <paramref name="key"/> with <paramref name="kdf"/> metadata; returns the key proof.</summary>
    private static async Task<string> CreateAsync(TestOrganization org, string slug, string key, object? kdf)
    {
        var salt = KeyProof.GenerateSalt();
        var proof = KnownSecrets.Register(KeyProof.Compute(key, salt, KeyProof.MinimumIterations));
        await org.CreateProjectAsync(slug, JsonApi.Merge(new
        {
            key_management = "client", key_check = proof, key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations,
        }, kdf is null ? null : new { kdf }));
        return proof;
    }
}
