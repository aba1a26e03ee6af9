using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class VersionsTests(ServerProcess server)
{
    private static readonly string[] Level = ["-t", "backend", "-e", "production"];

    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }

    private static async Task<long[]> VersionIdsAsync(CliSandbox cli, string project)
    {
        var list = await cli.RunAsync(["versions", "list", "--json", "-p", project, .. Level]);
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        return [.. Json.Parse(list.Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64())];
    }

    [Fact]
    public async Task ShowRestoreDestroyDeletePurge_ServerManaged()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunWithInputAsync("A=one\n", ["push", "-", "-p", project, .. Level])).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=two\n", ["push", "-", "-p", project, .. Level])).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=three\n", ["push", "-", "-p", project, .. Level])).ExitCode);
        var ids = await VersionIdsAsync(cli, project);
        Assert.True(ids.Length >= 2);

        // Find the version holding A=one by revealing each.
        long one = 0;
        foreach (var id in ids)
        {
            var reveal = await cli.RunAsync("versions", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reveal", "--json");
            Assert.Equal(ExitCodes.Success, reveal.ExitCode);
            var json = Json.Parse(reveal.Output);
            Assert.False(json.TryGetProperty("key", out _));
            if (json.GetProperty("content").GetString()!.Contains("A=one", StringComparison.Ordinal))
            {
                one = id;
            }
        }

        Assert.NotEqual(0, one);
        var metadata = await cli.RunAsync("versions", "show", one.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Success, metadata.ExitCode);
        Assert.DoesNotContain("A=one", metadata.Output);
        Assert.Contains("key version", metadata.Output);

        var restore = await cli.RunAsync("versions", "restore", one.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(ExitCodes.Success, restore.ExitCode);
        var pulled = await cli.RunAsync(["pull", "-p", project, .. Level]);
        Assert.Contains("A=one", pulled.Output);

        var destroyNoYes = await cli.RunAsync("versions", "destroy", one.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Usage, destroyNoYes.ExitCode);
        Assert.Contains("--yes", destroyNoYes.Error);

        var destroy = await cli.RunAsync("versions", "destroy", one.ToString(System.Globalization.CultureInfo.InvariantCulture), "--yes", "--json");
        Assert.Equal(ExitCodes.Success, destroy.ExitCode);
        Assert.Equal("destroyed", Json.Parse(destroy.Output).GetProperty("status").GetString());
        var revealDestroyed = await cli.RunAsync("versions", "show", one.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reveal");
        Assert.Equal(ExitCodes.Conflict, revealDestroyed.ExitCode);

        var delete = await cli.RunAsync("versions", "delete", one.ToString(System.Globalization.CultureInfo.InvariantCulture), "--yes");
        Assert.Equal(ExitCodes.Success, delete.ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("versions", "show", one.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync(["versions", "purge", "-p", project, .. Level])).ExitCode);
        var purge = await cli.RunAsync(["versions", "purge", "--yes", "--json", "-p", project, .. Level]);
        Assert.Equal(ExitCodes.Success, purge.ExitCode);
        Assert.True(Json.Parse(purge.Output).GetProperty("deleted").GetInt32() >= 1);
        Assert.Empty(await VersionIdsAsync(cli, project));
    }

    [Fact]
    public async Task Restore_ClientManagedVersionUnderOldKey_ReEncryptsWithTheCurrentKey()
    {
        var oldKey = ClientKey.Generate();
        var newKey = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), oldKey, iterations: KeyProof.MinimumIterations));
        var level = new LevelPath(project, "backend", "production");
        using (var client = Projects.OwnerClient(server))
        {
            var org = client.Organization(server.Organization);
            var secrets = new ClientManagedSecrets(org, project, oldKey);
            await secrets.PushAsync(level, "A=old\n");
            await secrets.PushAsync(level, "A=newer\n");

            // Rotate the current secret only, leaving the history under the old key (an interrupted rotation).
            var read = await org.Secrets.ReadAsync(level);
            var key = await org.EncryptionKeys.GetAsync(project);
            var salt = KeyProof.GenerateSalt();
            await org.EncryptionKeys.RotateClientKeysAsync(project, new RotateClientKeysRequest
            {
                KeyProof = KeyProof.Compute(oldKey, Convert.FromBase64String(key.KeyCheckSalt!), key.KeyCheckIterations!.Value),
                KeyCheck = KeyProof.Compute(newKey, salt, KeyProof.MinimumIterations),
                KeyCheckSalt = Convert.ToBase64String(salt),
                KeyCheckIterations = KeyProof.MinimumIterations,
                Secrets = [.. read.Levels().Select(l => new ReEncryptedSecret { Id = l.Id, Content = new ClientManagedSecrets(org, project, newKey).Encrypt(secrets.Decrypt(l), l.Place!.WithKeyVersion(key.Version + 1)) })],
            });
        }

        using var cli = Sandbox();
        cli.Environment["ENVELOPE_KEY"] = newKey;
        var ids = await VersionIdsAsync(cli, project);
        var oldKeyFile = Path.Combine(cli.WorkingDirectory, "old.key");
        File.WriteAllText(oldKeyFile, oldKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(oldKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        long old = 0;
        foreach (var id in ids)
        {
            var shown = await cli.RunAsync("versions", "show", $"{id}", "--reveal", "--old-key-file", oldKeyFile);
            Assert.Equal(ExitCodes.Success, shown.ExitCode);
            if (shown.Output.Contains("A=old", StringComparison.Ordinal))
            {
                old = id;
            }
        }

        Assert.NotEqual(0, old);
        var withoutOldKey = await cli.RunAsync("versions", "restore", $"{old}", "-p", project);
        Assert.NotEqual(ExitCodes.Success, withoutOldKey.ExitCode);

        var restore = await cli.RunAsync("versions", "restore", $"{old}", "-p", project, "--old-key-file", oldKeyFile, "--json");
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.True(Json.Parse(restore.Output).GetProperty("re_encrypted").GetBoolean());

        var pull = await cli.RunAsync(["pull", "-p", project, .. Level]);
        Assert.Equal(ExitCodes.Success, pull.ExitCode);
        Assert.Contains("A=old", pull.Output);
        Assert.DoesNotContain(newKey, restore.Output + restore.Error);
    }
}
