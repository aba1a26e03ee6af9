using System.Globalization;
using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

/// <summary>
/// Client-managed projects keyed by a passphrase (Argon2id) and the refusal of weak raw keys, through the CLI against
/// the real server. The KDF runs at its cheapest accepted cost (19 MiB, 2 passes) to keep the tests quick.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PassphraseTests(ServerProcess server)
{
    private const string Passphrase = "correct horse battery staple";

    private static readonly string[] CheapKdf =
    [
        "--kdf-memory-kib", PassphraseKdf.MinimumMemoryKiB.ToString(CultureInfo.InvariantCulture),
        "--kdf-iterations", PassphraseKdf.MinimumIterations.ToString(CultureInfo.InvariantCulture),
    ];

    private static readonly string[] Level = ["-t", "backend", "-e", "production"];

    [Fact]
    public async Task InitWithPassphrase_PushThenPullWithThePassphraseFromTheEnvironment_AndAWrongPassphraseFailsOnTheKeyProof()
    {
        using var cli = Sandbox();
        var project = Projects.UniqueName();
        cli.Environment["ENVELOPE_PASSPHRASE"] = Passphrase;

        var init = await cli.RunAsync(["init", project, .. Level, "--client-managed", "--passphrase", .. CheapKdf, "--json"]);
        Assert.True(init.ExitCode == ExitCodes.Success, init.Error);
        var output = Json.Parse(init.Output);
        Assert.Equal("client", output.GetProperty("key_management").GetString());
        Assert.True(output.GetProperty("passphrase").GetBoolean());
        Assert.False(output.TryGetProperty("new_key", out _));

        // The server holds the parameters and salt; the key derived from them is a generated-key string nobody printed.
        using var client = Projects.OwnerClient(server);
        var stored = (await client.Organization(server.Organization).Projects.GetAsync(project)).Kdf;
        Assert.NotNull(stored);
        Assert.Equal(PassphraseKdf.MinimumMemoryKiB, stored.MemoryKib);
        Assert.Equal(PassphraseKdf.MinimumIterations, stored.Iterations);
        var derived = PassphraseKey.Derive(Passphrase, stored.ToKdf());
        Assert.DoesNotContain(derived, init.Output + init.Error);

        cli.WriteFile(".env", "A=1\nB=two\n");
        var push = await cli.RunAsync("push");
        Assert.True(push.ExitCode == ExitCodes.Success, push.Error);
        Assert.Equal("A=1\nB=two\n", (await cli.RunAsync("pull")).Output);

        // run decrypts with it too, and the child does not see the passphrase.
        var run = await cli.RunAsync("run", "--", "sh", "-c", "echo \"$B ${ENVELOPE_PASSPHRASE:-no-passphrase}\"");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("two no-passphrase\n", run.Output);

        // The same key as a raw key opens it: the server-side format is the generated-key format.
        cli.Environment.Remove("ENVELOPE_PASSPHRASE");
        cli.Environment["ENVELOPE_KEY"] = derived;
        Assert.Equal("A=1\nB=two\n", (await cli.RunAsync("pull")).Output);
        cli.Environment.Remove("ENVELOPE_KEY");

        var file = Path.Combine(cli.WorkingDirectory, "passphrase.txt");
        WriteSecretFile(file, Passphrase + "\n");
        Assert.Equal("A=1\nB=two\n", (await cli.RunAsync("pull", "--passphrase-file", file)).Output);

        cli.Environment["ENVELOPE_PASSPHRASE"] = "correct horse battery stapler";
        cli.WriteFile(".env", "A=changed\n");
        var wrongPush = await cli.RunAsync("push", "--json");
        Assert.Equal(ExitCodes.Conflict, wrongPush.ExitCode);
        Assert.Equal("key_proof_mismatch", Json.Parse(wrongPush.Output).GetProperty("error").GetString());
        var wrongPull = await cli.RunAsync("pull", "--json");
        Assert.NotEqual(ExitCodes.Success, wrongPull.ExitCode);
        Assert.DoesNotContain("two", wrongPull.Output);

        cli.Environment["ENVELOPE_PASSPHRASE"] = Passphrase;
        Assert.Equal("A=1\nB=two\n", (await cli.RunAsync("pull")).Output);
    }

    [Fact]
    public async Task InitProjectsCreateAndRotate_WithAShortRawKey_AreRefusedAsWeakKey_WhileAnExistingShortKeyStillWorks()
    {
        using var cli = Sandbox();
        var shortKey = Path.Combine(cli.WorkingDirectory, "short.key");
        WriteSecretFile(shortKey, "hunter2\n");

        var name = Projects.UniqueName();
        var init = await cli.RunAsync("init", name, "--client-managed", "--key-file", shortKey, "--json");
        Assert.Equal(ExitCodes.WeakKey, init.ExitCode);
        Assert.Equal("weak_key", Json.Parse(init.Output).GetProperty("error").GetString());
        Assert.Contains("--passphrase", init.Error);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "get", name)).ExitCode);

        cli.Environment["ENVELOPE_KEY"] = "hunter2";
        var create = await cli.RunAsync("projects", "create", name, "--client-managed", "--json");
        Assert.Equal(ExitCodes.WeakKey, create.ExitCode);
        Assert.Equal("weak_key", Json.Parse(create.Output).GetProperty("error").GetString());
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "get", name)).ExitCode);

        // A project made earlier with a short raw key (as the spec allows) keeps reading and writing.
        var legacy = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), "hunter2", iterations: KeyProof.MinimumIterations));
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", ["push", "-", "-p", legacy, .. Level])).ExitCode);
        Assert.Equal("A=1\n", (await cli.RunAsync(["pull", "-p", legacy, .. Level])).Output);

        // ... but cannot be rotated onto another short key.
        var rotate = await cli.RunAsync("keys", "rotate", "--client", "-p", legacy, "--use-key-file", shortKey, "--json");
        Assert.Equal(ExitCodes.WeakKey, rotate.ExitCode);
        Assert.Equal("weak_key", Json.Parse(rotate.Output).GetProperty("error").GetString());
        Assert.Equal("A=1\n", (await cli.RunAsync(["pull", "-p", legacy, .. Level])).Output);

        // A full-strength key of one's own is taken.
        var goodKey = Path.Combine(cli.WorkingDirectory, "good.key");
        var generated = ClientKey.Generate();
        WriteSecretFile(goodKey, generated + "\n");
        var rotated = await cli.RunAsync("keys", "rotate", "--client", "-p", legacy, "--use-key-file", goodKey, "--json");
        Assert.True(rotated.ExitCode == ExitCodes.Success, rotated.Error);
        Assert.DoesNotContain(generated, rotated.Output);
        cli.Environment["ENVELOPE_KEY"] = generated;
        Assert.Equal("A=1\n", (await cli.RunAsync(["pull", "-p", legacy, .. Level])).Output);
    }

    [Fact]
    public async Task RotateFromAPassphraseToANewPassphrase_KeepsTheHistoryReadableWithTheNewOne()
    {
        using var cli = Sandbox();
        var project = Projects.UniqueName();
        cli.Environment["ENVELOPE_PASSPHRASE"] = Passphrase;
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync(["init", project, .. Level, "--passphrase", .. CheapKdf])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=old\n", "push", "-")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=new\n", "push", "-")).ExitCode);

        var tooCheap = await cli.RunAsync(["keys", "rotate", "--client", "--new-passphrase", "--kdf-memory-kib", "1024"]);
        Assert.Equal(ExitCodes.Usage, tooCheap.ExitCode);

        cli.Environment["ENVELOPE_NEW_PASSPHRASE"] = "a brand new passphrase";
        var rotate = await cli.RunAsync(["keys", "rotate", "--client", .. CheapKdf, "--json"]);
        Assert.True(rotate.ExitCode == ExitCodes.Success, rotate.Error);
        var rotated = Json.Parse(rotate.Output);
        Assert.False(rotated.TryGetProperty("new_key", out _));
        Assert.True(rotated.GetProperty("versions_re_encrypted").GetInt32() >= 1);

        cli.Environment.Remove("ENVELOPE_NEW_PASSPHRASE");
        Assert.NotEqual(ExitCodes.Success, (await cli.RunAsync("pull")).ExitCode);

        cli.Environment["ENVELOPE_PASSPHRASE"] = "a brand new passphrase";
        Assert.Equal("A=new\n", (await cli.RunAsync("pull")).Output);
        var list = await cli.RunAsync(["versions", "list", "--json", "-p", project, .. Level]);
        var oldest = Json.Parse(list.Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Min();
        var shown = await cli.RunAsync("versions", "show", oldest.ToString(CultureInfo.InvariantCulture), "--reveal");
        Assert.True(shown.ExitCode == ExitCodes.Success, shown.Error);
        Assert.Contains("A=old", shown.Output);
    }

    [Fact]
    public async Task RotateClientResume_WithTheOldPassphrase_MovesTheHistoryOntoTheNewPassphraseAndAWrongOneMovesNothing()
    {
        using var cli = Sandbox();
        var project = Projects.UniqueName();
        cli.Environment["ENVELOPE_PASSPHRASE"] = Passphrase;
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync(["init", project, .. Level, "--passphrase", .. CheapKdf])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=2\n", "push", "-")).ExitCode);
        var oldKey = await ProjectKeyAsync(project, Passphrase);

        // A rotation onto a new passphrase that dies right after the swap: the history is still under the old one.
        using (var client = Projects.OwnerClient(server))
        {
            var secrets = new ClientManagedSecrets(client.Organization(server.Organization), project, oldKey);
            await Assert.ThrowsAsync<InvalidOperationException>(() => secrets.RotateToPassphraseAsync(NewPassphrase, Cheap(), new StopWhenRotated()));
        }

        cli.Environment["ENVELOPE_PASSPHRASE"] = NewPassphrase;
        string[] resume = ["keys", "rotate", "--client", "--resume", "--json"];
        var neither = await cli.RunAsync(resume);
        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Contains("--old-passphrase", neither.Error, StringComparison.Ordinal);

        cli.Environment["ENVELOPE_OLD_PASSPHRASE"] = "not the old passphrase";
        var wrong = await cli.RunAsync(resume);
        Assert.NotEqual(ExitCodes.Success, wrong.ExitCode);
        Assert.Equal(2, await PendingAsync(project));

        cli.Environment.Remove("ENVELOPE_OLD_PASSPHRASE");
        WriteSecretFile(Path.Combine(cli.WorkingDirectory, "old.passphrase"), Passphrase + "\n");
        var resumed = await cli.RunAsync([.. resume, "--old-passphrase-file", "old.passphrase"]);
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        Assert.Equal(2, Json.Parse(resumed.Output).GetProperty("versions_re_encrypted").GetInt32());
        Assert.Equal(0, await PendingAsync(project));
        var again = await cli.RunAsync([.. resume, "--old-passphrase-file", "old.passphrase"]);
        Assert.Equal(0, Json.Parse(again.Output).GetProperty("versions_re_encrypted").GetInt32());

        // The old versions open with the new passphrase alone.
        var list = await cli.RunAsync(["versions", "list", "--json", "-p", project, .. Level]);
        var oldest = Json.Parse(list.Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Min();
        var shown = await cli.RunAsync("versions", "show", oldest.ToString(CultureInfo.InvariantCulture), "--reveal");
        Assert.True(shown.ExitCode == ExitCodes.Success, shown.Error);
        Assert.Contains("A=1", shown.Output);
    }

    [Fact]
    public async Task VersionsRestore_OfAVersionUnderAnOlderKey_WithTheCurrentPassphraseAndTheOldKey_ReEncryptsIt()
    {
        using var cli = Sandbox();
        var project = Projects.UniqueName();
        cli.Environment["ENVELOPE_PASSPHRASE"] = Passphrase;
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync(["init", project, .. Level, "--passphrase", .. CheapKdf])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=2\n", "push", "-")).ExitCode);
        var oldKey = await ProjectKeyAsync(project, Passphrase);
        using (var client = Projects.OwnerClient(server))
        {
            var secrets = new ClientManagedSecrets(client.Organization(server.Organization), project, oldKey);
            await Assert.ThrowsAsync<InvalidOperationException>(() => secrets.RotateToPassphraseAsync(NewPassphrase, Cheap(), new StopWhenRotated()));
        }

        var list = await cli.RunAsync(["versions", "list", "--json", "-p", project, .. Level]);
        var oldest = Json.Parse(list.Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Min().ToString(CultureInfo.InvariantCulture);
        WriteSecretFile(Path.Combine(cli.WorkingDirectory, "old.key"), oldKey);

        // The old passphrase alone no longer derives the current key: refused by the key proof, nothing restored.
        var stale = await cli.RunAsync("versions", "restore", oldest, "--old-key-file", "old.key", "--json");
        Assert.NotEqual(ExitCodes.Success, stale.ExitCode);

        cli.Environment["ENVELOPE_PASSPHRASE"] = NewPassphrase;
        var restored = await cli.RunAsync("versions", "restore", oldest, "--old-key-file", "old.key", "--json");
        Assert.True(restored.ExitCode == ExitCodes.Success, restored.Error);
        Assert.True(Json.Parse(restored.Output).GetProperty("re_encrypted").GetBoolean());
        Assert.Equal("A=1\n", (await cli.RunAsync("pull")).Output);
        Assert.DoesNotContain(oldKey, restored.Output + restored.Error);
    }

    private const string NewPassphrase = "a brand new passphrase";

    private static PassphraseKdf Cheap() =>
        new(PassphraseKdf.MinimumMemoryKiB, PassphraseKdf.MinimumIterations, 1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));

    private async Task<string> ProjectKeyAsync(string project, string passphrase)
    {
        using var client = Projects.OwnerClient(server);
        var kdf = (await client.Organization(server.Organization).Projects.GetAsync(project)).Kdf!;
        return PassphraseKey.Derive(passphrase, kdf.ToKdf());
    }

    private async Task<int> PendingAsync(string project)
    {
        using var client = Projects.OwnerClient(server);
        return (await client.Organization(server.Organization).EncryptionKeys.GetPendingHistoryAsync(project)).Remaining;
    }

    private sealed class StopWhenRotated : IProgress<ClientKeyRotationProgress>
    {
        public void Report(ClientKeyRotationProgress value)
        {
            if (value.Stage == ClientKeyRotationStage.Rotated)
            {
                throw new InvalidOperationException("Interrupted after the swap (test).");
            }
        }
    }

    private static void WriteSecretFile(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }
}
