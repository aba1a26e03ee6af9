using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Secrets;

public sealed class ClientManagedSecretsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task StoreSecrets_WithTheRightProof_StoresCiphertextTheServerCannotRead()
    {
        var (org, key) = await CreateClientManagedProjectAsync();
        var content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "TOKEN=abc\n");

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "vault", content, key_proof = key.Proof });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets"));
        var stored = read["data"]!["attributes"]!["levels"]!["project"]!["content"]!.GetValue<string>();
        Assert.Equal("TOKEN=abc\n", SecretsBlob.Decrypt(ClientKey.Pad(key.Key), stored));
    }

    [Fact]
    public async Task StoreSecrets_WithoutProof_Returns422KeyProofRequired()
    {
        var (org, key) = await CreateClientManagedProjectAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "A=1\n") });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "key_proof_required");
        await AssertNothingStoredAsync(org);
    }

    [Theory]
    [InlineData("wrong key")]
    [InlineData(null)]
    public async Task StoreSecrets_WithAWrongOrMalformedProof_Returns422KeyProofMismatch(string? otherKey)
    {
        var (org, key) = await CreateClientManagedProjectAsync();
        var proof = otherKey is null ? "bm90IGEgcHJvb2Y=" : KeyProof.Compute(otherKey, key.Salt, KeyProof.MinimumIterations);

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "A=1\n"), key_proof = proof });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "key_proof_mismatch");
        await AssertNothingStoredAsync(org);
    }

    [Fact]
    public async Task ReadSecrets_Decrypted_ReturnsTheCiphertextAndSaysDecryptWasIgnored()
    {
        var (org, key) = await CreateClientManagedProjectAsync();
        var content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "TOKEN=abc\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "vault", content, key_proof = key.Proof });

        var get = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets?decrypt=true"));
        var retrieve = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "vault", action = "decrypt" }));

        foreach (var body in new[] { get, retrieve })
        {
            var attributes = body["data"]!["attributes"]!;
            Assert.True(attributes["encrypted"]!.GetValue<bool>());
            Assert.Equal(["decrypt"], attributes["ignored"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal("TOKEN=abc\n", SecretsBlob.Decrypt(ClientKey.Pad(key.Key), attributes["levels"]!["project"]!["content"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task RetrieveKey_ForClientManaged_GivesProofParametersAndNeverAKey()
    {
        var (org, key) = await CreateClientManagedProjectAsync();

        var body = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "vault", action = "key:retrieve" }));

        var descriptor = Assert.Single(body["data"]!["attributes"]!["keys"]!.AsArray())!;
        Assert.Equal("client", descriptor["managed"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(key.Salt), descriptor["key_check_salt"]!.GetValue<string>());
        Assert.Equal(KeyProof.MinimumIterations, descriptor["key_check_iterations"]!.GetValue<int>());
        Assert.Null(descriptor["key"]);
    }

    internal sealed record TestClientKey(string Key, byte[] Salt, string Proof);

    internal static async Task<TestClientKey> CreateClientManagedProjectAsync(TestOrganization org, string slug)
    {
        var key = KnownSecrets.Register(ClientKey.Generate());
        var salt = KeyProof.GenerateSalt();
        var proof = KnownSecrets.Register(KeyProof.Compute(key, salt, KeyProof.MinimumIterations));
        await org.CreateProjectAsync(slug, new
        {
            key_management = "client", key_check = proof, key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations,
        });
        return new TestClientKey(key, salt, proof);
    }

    private async Task<(TestOrganization Org, TestClientKey Key)> CreateClientManagedProjectAsync()
    {
        var org = await app.CreateOrganizationAsync();
        return (org, await CreateClientManagedProjectAsync(org, "vault"));
    }

    private static async Task AssertNothingStoredAsync(TestOrganization org)
    {
        var read = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/secrets"));
        Assert.Empty(read["data"]!["attributes"]!["levels"]!.AsObject());
    }
}
