using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class PassphraseKeysTests(EnvelopeServer server)
{
    private static readonly LevelPath Project = new("app");

    [Fact]
    public async Task CreateWithPassphrase_AnotherClientDerivesTheSameKeyFromTheStoredMetadata_ThenRotatesToANewPassphrase()
    {
        using var org = await server.CreateOrganizationAsync();
        var (request, key) = ClientManagedSecrets.CreatePassphraseProjectRequest("app", "correct horse battery staple", "app");
        await org.Owner.Projects.CreateAsync(request);
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Project, "A=1\n");

        var derived = await PassphraseKeys.DeriveForProjectAsync(org.Owner, "app", "correct horse battery staple");
        var pulled = await new ClientManagedSecrets(org.Owner, "app", derived).PullAsync(Project);
        Assert.Equal(key, derived);
        Assert.Equal("1", pulled.Merged.Single(e => e.Key == "A").Value);

        var rotated = await new ClientManagedSecrets(org.Owner, "app", derived).RotateToPassphraseAsync("a brand new passphrase");
        var afterRotation = await PassphraseKeys.DeriveForProjectAsync(org.Owner, "app", "a brand new passphrase");
        Assert.Equal(rotated.NewKey, afterRotation);
        Assert.Equal("1", (await new ClientManagedSecrets(org.Owner, "app", afterRotation).PullAsync(Project)).Merged.Single(e => e.Key == "A").Value);
    }

    [Fact]
    public async Task DeriveForProject_GeneratedKeyProject_Throws()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", ClientKey.Generate(), "app", KeyProof.MinimumIterations));

        await Assert.ThrowsAsync<EnvelopeDecryptionException>(() => PassphraseKeys.DeriveForProjectAsync(org.Owner, "app", "anything"));
    }

    [Fact]
    public void ToKdf_AbsurdMemoryFromAServer_IsRefused() =>
        Assert.Throws<EnvelopeDecryptionException>(() => new PassphraseKdfMetadata { MemoryKib = 1 << 30, Iterations = 3, Parallelism = 1, Salt = "AAECAwQFBgcICQoLDA0ODw==" }.ToKdf());
}
