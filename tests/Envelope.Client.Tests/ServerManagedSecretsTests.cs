using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class ServerManagedSecretsTests(EnvelopeServer server)
{
    private static readonly LevelPath Project = new("app");
    private static readonly LevelPath Production = new("app", "web", "prod");

    [Fact]
    public async Task PushPull_ServerManaged_ServerDecryptsAndMergesDeepestWins()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");

        await secrets.PushAsync(Project, "# @tags: db\nDATABASE_URL=postgres://db/app\nLOG_LEVEL=info\n");
        var stored = await secrets.PushAsync(Production, "LOG_LEVEL=warn\n");

        Assert.Equal("environment", stored.Level);
        Assert.NotNull(stored.Version);
        var pulled = await secrets.PullAsync(Production);
        Assert.Equal("warn", pulled.Merged["LOG_LEVEL"]);
        Assert.Equal("postgres://db/app", pulled.Merged["DATABASE_URL"]);
        Assert.Equal("info", pulled.Project!["LOG_LEVEL"]);
        Assert.Equal("warn", pulled.Environment!["LOG_LEVEL"]);
        Assert.Equal("warn", (await org.Owner.Secrets.ReadMergedAsync(Production))["LOG_LEVEL"]);
        Assert.Equal("DATABASE_URL=postgres://db/app\nLOG_LEVEL=warn\n", await secrets.PullDotEnvAsync(Production));
        var tagged = await org.Owner.Secrets.RetrieveDecryptedAsync(Production, new SecretFilters { Tags = ["db"] });
        Assert.Equal(["DATABASE_URL"], tagged.Merged.Keys);
        Assert.Equal("LOG_LEVEL=warn\n", await org.Owner.Secrets.RetrieveRawAsync(Production, new SecretFilters { Names = ["LOG_LEVEL"] }));
    }

    [Fact]
    public async Task Push_AfterAServerKeyRotation_EncryptsUnderTheNewKey()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        await secrets.PushAsync(Production, "A=1\n");

        var rotation = await org.Owner.EncryptionKeys.RotateAsync("app", HistoryPolicy.Keep);
        await secrets.PushAsync(Production, "A=2\n");

        var read = await org.Owner.Secrets.RetrieveEncryptedAsync(Production, includeKeys: true);
        Assert.Equal(rotation.Key.Version, read.Environment!.KeyVersion);
        Assert.Contains(read.Keys, k => k.Version == rotation.Key.Version && k.Key is not null);
        Assert.Equal("2", (await secrets.PullAsync(Production)).Merged["A"]);
    }

    [Fact]
    public async Task Push_ToAClientManagedProject_ThrowsInvalidOperation()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", Crypto.ClientKey.Generate(), "app", Crypto.KeyProof.MinimumIterations));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new ServerManagedSecrets(org.Owner, "app").PushAsync(Project, "A=1\n"));
    }

    [Fact]
    public async Task Store_BlobNotUnderTheProjectKey_ThrowsContentNotDecryptable()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var foreign = new ClientManagedSecrets(org.Owner, "app", Crypto.ClientKey.Generate()).Encrypt("A=1\n");

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Secrets.StoreAsync(Production, foreign));

        Assert.Equal(EnvelopeErrorCodes.ContentNotDecryptable, e.ErrorCode);
        Assert.Equal(1, e.Details["key_version"].GetInt32());
    }
}
