using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;

namespace Envelope.Client.Tests;

/// <summary>
/// Blob format v2 on the client side, against the real server: client-managed writes are bound to their level and key
/// version, a blob moved between levels in the database is refused as bound elsewhere, and v1 blobs still read.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BlobV2Tests(EnvelopeServer server)
{
    private static readonly LevelPath Project = new("app");
    private static readonly LevelPath Production = new("app", "web", "prod");

    [Fact]
    public async Task Push_ClientManaged_StoresAV2BlobBoundToItsLevelAndKeyVersion()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "A=1\n");

        var stored = (await org.Owner.Secrets.ReadAsync(Production)).Environment!;

        Assert.StartsWith(SecretsBlob.V2Prefix, stored.Content, StringComparison.Ordinal);
        var place = stored.Place!.WithKeyVersion(stored.KeyVersion);
        Assert.NotNull(place.TargetId);
        Assert.NotNull(place.EnvironmentId);
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(key, stored.Content, place, out var text));
        Assert.Equal("A=1\n", text);
        Assert.Equal(BlobOpenStatus.NotBoundHere, SecretsBlob.TryOpenWithClientKey(key, stored.Content, place with { EnvironmentId = null }, out _));
        Assert.Equal(BlobOpenStatus.NotBoundHere, SecretsBlob.TryOpenWithClientKey(key, stored.Content, place with { KeyVersion = place.KeyVersion + 1 }, out _));
    }

    [Fact]
    public async Task Pull_BlobCopiedOntoAnotherLevelInTheDatabase_ThrowsBoundElsewhere()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);
        await secrets.PushAsync(Project, "SHARED=project\n");
        await secrets.PushAsync(Production, "SHARED=production-only\n");
        var read = await org.Owner.Secrets.ReadAsync(Production);

        // The production blob copied over the project level's row: the same key opens it, but not at that level.
        Assert.Equal(1, await server.ExecuteOnDatabaseAsync("""UPDATE secrets SET "Content" = @c WHERE "Id" = @id""", ("c", read.Environment!.Content), ("id", read.Project!.Id)));

        var refused = await Assert.ThrowsAsync<EnvelopeBlobBoundElsewhereException>(() => secrets.PullAsync(Production));
        Assert.Equal(EnvelopeErrorCodes.BlobBoundElsewhere, refused.ErrorCode);
        Assert.Contains(read.Project.Id, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("production-only", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_BlobsSwappedBetweenLevels_ThrowsBoundElsewhere()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);
        await secrets.PushAsync(Project, "A=project\n");
        await secrets.PushAsync(Production, "A=production\n");
        var read = await org.Owner.Secrets.ReadAsync(Production);

        // Neither level opens where it now is, so no level vouches for the key: each blob opens at the other's place.
        await server.ExecuteOnDatabaseAsync("""UPDATE secrets SET "Content" = @c WHERE "Id" = @id""", ("c", read.Environment!.Content), ("id", read.Project!.Id));
        await server.ExecuteOnDatabaseAsync("""UPDATE secrets SET "Content" = @c WHERE "Id" = @id""", ("c", read.Project.Content), ("id", read.Environment.Id));

        await Assert.ThrowsAsync<EnvelopeBlobBoundElsewhereException>(() => secrets.PullAsync(Production));
    }

    [Fact]
    public async Task Pull_WithAnotherKey_IsADecryptionFailureNotBoundElsewhere()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "A=1\n");

        await Assert.ThrowsAsync<EnvelopeDecryptionException>(() => new ClientManagedSecrets(org.Owner, "app", ClientKey.Generate()).PullAsync(Production));
    }

    [Fact]
    public async Task Pull_V1BlobStoredAsASpecClientWould_StillReads()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        var descriptor = await org.Owner.EncryptionKeys.GetAsync("app");
        var proof = KeyProof.Compute(key, Convert.FromBase64String(descriptor.KeyCheckSalt!), descriptor.KeyCheckIterations!.Value);
        await org.Owner.Secrets.StoreAsync(Project, SecretsBlob.EncryptWithClientKey(key, "OLD=v1\n"), proof);
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "NEW=v2\n");

        var pulled = await new ClientManagedSecrets(org.Owner, "app", key).PullAsync(Production);

        Assert.False(SecretsBlob.IsV2((await org.Owner.Secrets.ReadAsync(Project)).Project!.Content));
        Assert.Equal("v1", pulled.Merged["OLD"]);
        Assert.Equal("v2", pulled.Merged["NEW"]);
    }

    [Fact]
    public async Task RotateKey_RewritesCurrentBlobsAndHistoryAsV2UnderTheNewKeyVersion()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        var descriptor = await org.Owner.EncryptionKeys.GetAsync("app");
        var proof = KeyProof.Compute(key, Convert.FromBase64String(descriptor.KeyCheckSalt!), descriptor.KeyCheckIterations!.Value);
        // History holds a v1 blob (a spec client's) and a v2 one (this client's).
        await org.Owner.Secrets.StoreAsync(Production, SecretsBlob.EncryptWithClientKey(key, "A=v1\n"), proof);
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "A=v2\n");
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Project, "P=1\n");

        var outcome = await new ClientManagedSecrets(org.Owner, "app", key).RotateKeyAsync(iterations: KeyProof.MinimumIterations);

        Assert.Equal(2, outcome.KeyVersion);
        var read = await org.Owner.Secrets.ReadAsync(Production);
        Assert.All(read.Levels(), level =>
        {
            Assert.Equal(2, level.KeyVersion);
            Assert.StartsWith(SecretsBlob.V2Prefix, level.Content, StringComparison.Ordinal);
            Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(outcome.NewKey, level.Content, level.Place!.WithKeyVersion(2), out _));
        });
        var texts = new List<string>();
        await foreach (var listed in org.Owner.Versions.ListAsync(Production))
        {
            var version = await org.Owner.Versions.GetAsync(listed.Id);
            Assert.Equal(2, version.KeyVersion);
            Assert.StartsWith(SecretsBlob.V2Prefix, version.Content, StringComparison.Ordinal);
            Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(outcome.NewKey, version.Content!, version.Place!.WithKeyVersion(2), out var text));
            texts.Add(text!);
        }

        Assert.Equal(["A=v1\n", "A=v2\n"], texts.Order());
    }

    [Fact]
    public async Task ReadVersion_V2VersionOfAClientManagedLevel_OpensAtItsPlace()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = await CreateClientProjectAsync(org);
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);
        var stored = await secrets.PushAsync(Production, "A=1\n");

        Assert.Equal("A=1\n", await secrets.ReadVersionAsync(stored.Version!.Value));
    }

    private static async Task<string> CreateClientProjectAsync(TestOrganization org)
    {
        var key = ClientKey.Generate();
        await org.CreateHierarchyAsync(request: ClientManagedSecrets.CreateProjectRequest("App", key, "app", KeyProof.MinimumIterations));
        return key;
    }
}
