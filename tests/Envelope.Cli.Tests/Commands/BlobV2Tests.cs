using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

/// <summary>
/// Blob format v2 through the real CLI and server process: client-managed pushes and rotations write blobs bound to their
/// level, a blob moved between levels in the server's SQLite file makes a pull fail with its own exit code, and a v1 blob
/// written as a spec client would still pulls.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BlobV2Tests(ServerProcess server)
{
    private static readonly string[] Production = ["-t", "backend", "-e", "production"];

    [Fact]
    public async Task Push_ClientManaged_StoresAV2Blob()
    {
        var key = ClientKey.Generate();
        var project = await ClientProjectAsync(key);
        using var cli = Sandbox(key);

        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", ["push", "-", "-p", project, .. Production])).ExitCode);

        var stored = (await ReadAsync(new LevelPath(project, "backend", "production"))).Environment!;
        Assert.StartsWith(SecretsBlob.V2Prefix, stored.Content, StringComparison.Ordinal);
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(key, stored.Content, stored.Place!.WithKeyVersion(stored.KeyVersion), out var text));
        Assert.Equal("A=1\n", text);
    }

    [Fact]
    public async Task Pull_ClientManagedBlobMovedToAnotherLevelInTheDatabase_FailsWithBlobBoundElsewhere()
    {
        var key = ClientKey.Generate();
        var project = await ClientProjectAsync(key);
        using var cli = Sandbox(key);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("SHARED=project\n", "push", "-", "-p", project)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("SHARED=production\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        var read = await ReadAsync(new LevelPath(project, "backend", "production"));

        Assert.Equal(1, await server.ExecuteOnDatabaseAsync("""UPDATE secrets SET "Content" = @c WHERE "Id" = @id""", ("c", read.Environment!.Content), ("id", read.Project!.Id)));
        var pull = await cli.RunAsync(["pull", "--json", "-p", project, .. Production]);

        Assert.Equal(ExitCodes.BlobBoundElsewhere, pull.ExitCode);
        Assert.Equal(EnvelopeErrorCodes.BlobBoundElsewhere, Json.Parse(pull.Output).GetProperty("error").GetString());
        Assert.Contains("moved", pull.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SHARED=", pull.Output + pull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ServerManagedBlobMovedToAnotherLevelInTheDatabase_FailsWithBlobBoundElsewhere()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(key: null);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("SHARED=project\n", "push", "-", "-p", project)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("SHARED=production\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        var read = await ReadAsync(new LevelPath(project, "backend", "production"));

        await server.ExecuteOnDatabaseAsync("""UPDATE secrets SET "Content" = @c WHERE "Id" = @id""", ("c", read.Environment!.Content), ("id", read.Project!.Id));
        var pull = await cli.RunAsync(["pull", "--json", "-p", project, .. Production]);
        var get = await cli.RunAsync("get", "SHARED", "-p", project);

        Assert.Equal(ExitCodes.BlobBoundElsewhere, pull.ExitCode);
        Assert.Equal(EnvelopeErrorCodes.BlobBoundElsewhere, Json.Parse(pull.Output).GetProperty("error").GetString());
        Assert.Equal(ExitCodes.BlobBoundElsewhere, get.ExitCode);
    }

    [Fact]
    public async Task Pull_V1ClientManagedBlobStoredAsASpecClientWould_StillPulls()
    {
        var key = ClientKey.Generate();
        var project = await ClientProjectAsync(key);
        using (var client = Projects.OwnerClient(server))
        {
            var organization = client.Organization(server.Organization);
            var descriptor = await organization.EncryptionKeys.GetAsync(project);
            var proof = KeyProof.Compute(key, Convert.FromBase64String(descriptor.KeyCheckSalt!), descriptor.KeyCheckIterations!.Value);
            await organization.Secrets.StoreAsync(new LevelPath(project, "backend", "production"), SecretsBlob.EncryptWithClientKey(key, "OLD=v1\n"), proof);
        }

        using var cli = Sandbox(key);
        var pull = await cli.RunAsync(["pull", "-p", project, .. Production]);

        Assert.True(pull.ExitCode == ExitCodes.Success, pull.Error);
        Assert.Equal("OLD=v1\n", pull.Output);
    }

    [Fact]
    public async Task RotateClient_RewritesCurrentBlobsAndHistoryAsV2UnderTheNewKeyVersion()
    {
        var key = ClientKey.Generate();
        var project = await ClientProjectAsync(key);
        using var cli = Sandbox(key);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=2\n", ["push", "-", "-p", project, .. Production])).ExitCode);

        var rotate = await cli.RunAsync("keys", "rotate", "--client", "-p", project);
        Assert.True(rotate.ExitCode == ExitCodes.Success, rotate.Error);
        var newKey = rotate.Output.Trim();

        var level = new LevelPath(project, "backend", "production");
        var current = (await ReadAsync(level)).Environment!;
        Assert.Equal(2, current.KeyVersion);
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(newKey, current.Content, current.Place!.WithKeyVersion(2), out _));
        using var client = Projects.OwnerClient(server);
        var versions = client.Organization(server.Organization).Versions;
        var count = 0;
        await foreach (var listed in versions.ListAsync(level))
        {
            var version = await versions.GetAsync(listed.Id);
            Assert.StartsWith(SecretsBlob.V2Prefix, version.Content, StringComparison.Ordinal);
            Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(newKey, version.Content!, version.Place!.WithKeyVersion(version.KeyVersion), out _));
            Assert.Equal(2, version.KeyVersion);
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task RestoreClient_VersionUnderAnOldKey_IsSealedAgainAsV2UnderTheCurrentOne()
    {
        var key = ClientKey.Generate();
        var project = await ClientProjectAsync(key);
        using var cli = Sandbox(key);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=old\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        var level = new LevelPath(project, "backend", "production");
        using var client = Projects.OwnerClient(server);
        var organization = client.Organization(server.Organization);
        var first = (await organization.Versions.GetPageAsync(level, 1, 1)).Items[0].Id;

        // Rotate only the current blob, leaving the history under key version 1 (an interrupted rotation).
        var newKey = ClientKey.Generate();
        var read = await organization.Secrets.ReadAsync(level);
        var descriptor = await organization.EncryptionKeys.GetAsync(project);
        var salt = KeyProof.GenerateSalt();
        var old = new ClientManagedSecrets(organization, project, key);
        await organization.EncryptionKeys.RotateClientKeysAsync(project, new RotateClientKeysRequest
        {
            KeyProof = KeyProof.Compute(key, Convert.FromBase64String(descriptor.KeyCheckSalt!), descriptor.KeyCheckIterations!.Value),
            KeyCheck = KeyProof.Compute(newKey, salt, KeyProof.MinimumIterations),
            KeyCheckSalt = Convert.ToBase64String(salt),
            KeyCheckIterations = KeyProof.MinimumIterations,
            Secrets = [.. read.Levels().Select(l => new ReEncryptedSecret { Id = l.Id, Content = new ClientManagedSecrets(organization, project, newKey).Encrypt(old.Decrypt(l), l.Place!.WithKeyVersion(2)) })],
        });
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, "old.key"), key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(cli.WorkingDirectory, "old.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        cli.Environment["ENVELOPE_KEY"] = newKey;
        var restore = await cli.RunAsync("versions", "restore", $"{first}", "-p", project, "--old-key-file", "old.key", "--json");

        Assert.True(restore.ExitCode == ExitCodes.Success, restore.Error);
        var restored = (await organization.Secrets.ReadAsync(level)).Environment!;
        Assert.Equal(2, restored.KeyVersion);
        Assert.StartsWith(SecretsBlob.V2Prefix, restored.Content, StringComparison.Ordinal);
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(newKey, restored.Content, restored.Place!.WithKeyVersion(2), out var text));
        Assert.Equal("A=old\n", text);
    }

    private CliSandbox Sandbox(string? key)
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        if (key is not null)
        {
            cli.Environment["ENVELOPE_KEY"] = key;
        }

        return cli;
    }

    private Task<string> ClientProjectAsync(string key) =>
        Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations));

    private async Task<EncryptedSecrets> ReadAsync(LevelPath level)
    {
        using var client = Projects.OwnerClient(server);
        return await client.Organization(server.Organization).Secrets.ReadAsync(level);
    }
}
