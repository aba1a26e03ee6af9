using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class ClientManagedSecretsTests(EnvelopeServer server)
{
    private static readonly LevelPath Project = new("app");
    private static readonly LevelPath Production = new("app", "web", "prod");
    private static readonly LevelPath Staging = new("app", "web", "staging");

    [Fact]
    public async Task ClientManagedLife_PushPullRotate_EveryVersionDecryptsWithTheNewKey()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        var project = await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("App", key, "app", KeyProof.MinimumIterations));
        Assert.Equal(KeyManagement.Client, project.KeyManagement);
        await org.Owner.Targets.CreateAsync("app", new CreateNodeRequest { Name = "web" });
        await org.Owner.Environments.CreateAsync("app", "web", new CreateNodeRequest { Name = "prod" });
        await org.Owner.Environments.CreateAsync("app", "web", new CreateNodeRequest { Name = "staging" });
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);

        // Push: the server only ever sees ciphertext.
        await secrets.PushAsync(Project, "DATABASE_URL=postgres://db/app\nLOG_LEVEL=info\n");
        await secrets.PushAsync(Production, "LOG_LEVEL=warn\nAPI_KEY='k 1'\n");
        await secrets.PushAsync(Production, "LOG_LEVEL=error\nAPI_KEY='k 2'\n");
        await secrets.PushAsync(Staging, "LOG_LEVEL=debug\n");
        var stored = await org.Owner.Secrets.ReadAsync(Production);
        Assert.DoesNotContain("postgres", stored.Project!.Content, StringComparison.Ordinal);

        // Pull: decrypted here, deepest level wins.
        var pulled = await secrets.PullAsync(Production);
        Assert.Equal("error", pulled.Merged["LOG_LEVEL"]);
        Assert.Equal("k 2", pulled.Merged["API_KEY"]);
        Assert.Equal("postgres://db/app", pulled.Merged["DATABASE_URL"]);
        Assert.Equal("info", pulled.Project!["LOG_LEVEL"]);
        Assert.Null(pulled.Target);
        Assert.Equal(["DATABASE_URL", "LOG_LEVEL", "API_KEY"], pulled.Merged.Keys);

        // Rotate: current blobs, then history, reported step by step.
        var steps = new List<ClientKeyRotationProgress>();
        var outcome = await secrets.RotateKeyAsync(iterations: KeyProof.MinimumIterations, progress: new Recorder(steps));

        Assert.NotEqual(key, outcome.NewKey);
        Assert.Equal(2, outcome.KeyVersion);
        Assert.Equal(3, outcome.SecretsReEncrypted);
        Assert.Equal(4, outcome.VersionsReEncrypted);
        Assert.Equal(
            [ClientKeyRotationStage.CurrentSecrets, ClientKeyRotationStage.Rotated, ClientKeyRotationStage.History, ClientKeyRotationStage.Completed],
            steps.Select(s => s.Stage).Distinct());
        Assert.Equal(0, steps.Last().Remaining);
        Assert.Equal(0, (await org.Owner.EncryptionKeys.GetPendingHistoryAsync("app")).Remaining);

        // Every version of every level now decrypts with the new key, and only with it.
        var rotated = new ClientManagedSecrets(org.Owner, "app", outcome.NewKey);
        var versions = 0;
        foreach (var level in new[] { Project, Production, Staging })
        {
            await foreach (var version in org.Owner.Versions.ListAsync(level))
            {
                Assert.Equal(2, version.KeyVersion);
                Assert.True(DotEnv.TryParse(await rotated.ReadVersionAsync(version.Id), out _, out _));
                await Assert.ThrowsAsync<EnvelopeDecryptionException>(() => secrets.ReadVersionAsync(version.Id));
                versions++;
            }
        }

        Assert.Equal(4, versions);
        Assert.Equal("error", (await rotated.PullAsync(Production)).Merged["LOG_LEVEL"]);
        await Assert.ThrowsAsync<EnvelopeDecryptionException>(() => secrets.PullAsync(Production));
        var refused = await Assert.ThrowsAsync<EnvelopeApiException>(() => secrets.PushAsync(Production, "A=1\n"));
        Assert.Equal(EnvelopeErrorCodes.KeyProofMismatch, refused.ErrorCode);
        await rotated.PushAsync(Production, "LOG_LEVEL=trace\n");
        Assert.Equal("trace", (await rotated.PullAsync(Production)).Merged["LOG_LEVEL"]);
    }

    [Fact]
    public async Task ReEncryptHistory_AfterAnInterruptedRotation_FinishesWithThePreviousKey()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", key, "app", KeyProof.MinimumIterations));
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);
        await secrets.PushAsync(Project, "A=1\n");
        await secrets.PushAsync(Project, "A=2\n");

        // Rotate the current blobs by hand, as a client that stopped before the history would have.
        var newKey = ClientKey.Generate();
        var salt = KeyProof.GenerateSalt();
        var current = (await org.Owner.Secrets.ReadAsync(Project)).Project!;
        var keyInfo = await org.Owner.EncryptionKeys.GetAsync("app");
        await org.Owner.EncryptionKeys.RotateClientKeysAsync("app", new RotateClientKeysRequest
        {
            Secrets = [new ReEncryptedSecret { Id = current.Id, Content = new ClientManagedSecrets(org.Owner, "app", newKey).Encrypt(secrets.Decrypt(current), current.Place!.WithKeyVersion(keyInfo.Version + 1)) }],
            KeyCheck = KeyProof.Compute(newKey, salt, KeyProof.MinimumIterations),
            KeyCheckSalt = Convert.ToBase64String(salt),
            KeyCheckIterations = KeyProof.MinimumIterations,
            KeyProof = KeyProof.Compute(key, Convert.FromBase64String(keyInfo.KeyCheckSalt!), keyInfo.KeyCheckIterations!.Value),
        });
        Assert.Equal(2, (await org.Owner.EncryptionKeys.GetPendingHistoryAsync("app")).Remaining);

        var moved = await new ClientManagedSecrets(org.Owner, "app", newKey).ReEncryptHistoryAsync([key]);

        Assert.Equal(2, moved);
        Assert.Equal(0, (await org.Owner.EncryptionKeys.GetPendingHistoryAsync("app")).Remaining);
    }

    [Fact]
    public async Task RotateKey_WithAKeyThatIsNotTheProjects_ChangesNothing()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", key, "app", KeyProof.MinimumIterations));
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Project, "A=1\n");

        await Assert.ThrowsAsync<EnvelopeDecryptionException>(() =>
            new ClientManagedSecrets(org.Owner, "app", ClientKey.Generate()).RotateKeyAsync(iterations: KeyProof.MinimumIterations));

        Assert.Equal(1, (await org.Owner.EncryptionKeys.GetAsync("app")).Version);
    }

    [Fact]
    public async Task Pull_WithAnotherKey_ThrowsDecryptionExceptionNamingTheLevel()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", key, "app", KeyProof.MinimumIterations));
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Project, "A=secret-value\n");

        var e = await Assert.ThrowsAsync<EnvelopeDecryptionException>(() => new ClientManagedSecrets(org.Owner, "app", "wrong passphrase").PullAsync(Project));

        Assert.Contains("project level", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_InvalidDotEnv_ThrowsBeforeAnythingIsSent()
    {
        using var org = await server.CreateOrganizationAsync();
        var secrets = new ClientManagedSecrets(org.Owner, "missing-project", ClientKey.Generate());

        var e = await Assert.ThrowsAsync<DotEnvFormatException>(() => secrets.PushAsync(new LevelPath("missing-project"), "not an entry\n"));

        Assert.Equal(1, e.Line);
    }

    [Fact]
    public async Task Passphrase_PushAndPull_RoundTrips()
    {
        using var org = await server.CreateOrganizationAsync();
        const string passphrase = "correct horse battery staple";
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", passphrase, "app", KeyProof.MinimumIterations));
        var secrets = new ClientManagedSecrets(org.Owner, "app", passphrase);

        await secrets.PushAsync(Project, "MULTI=\"line one\nline two\"\n");

        Assert.Equal("line one\nline two", (await secrets.PullAsync(Project)).Merged["MULTI"]);
        Assert.Equal("MULTI=\"line one\\nline two\"\n", await secrets.PullDotEnvAsync(Project));
    }

    private sealed class Recorder(List<ClientKeyRotationProgress> steps) : IProgress<ClientKeyRotationProgress>
    {
        public void Report(ClientKeyRotationProgress value) => steps.Add(value);
    }
}
