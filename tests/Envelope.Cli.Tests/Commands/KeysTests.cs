using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class KeysTests(ServerProcess server)
{
    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }

    [Fact]
    public async Task ShowHistoryRotate_ServerManaged_ReEncryptsHistoryWithProgress()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        string[] level = ["-p", project, "-t", "backend", "-e", "production"];
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", ["push", "-", .. level])).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=2\n", ["push", "-", .. level])).ExitCode);

        var show = await cli.RunAsync("keys", "show", "-p", project, "--json");
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        var before = Json.Parse(show.Output);
        Assert.Equal("server", before.GetProperty("managed").GetString());
        Assert.False(before.TryGetProperty("key", out _));

        var rotate = await cli.RunAsync("keys", "rotate", "-p", project, "--history", "re_encrypt", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.Error);
        var rotated = Json.Parse(rotate.Output);
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, rotated.GetProperty("key_version").GetInt32());
        Assert.Contains("Rotated the key", rotate.Error);

        var history = await cli.RunAsync("keys", "history", "-p", project, "--json");
        Assert.Equal(ExitCodes.Success, history.ExitCode);
        Assert.True(Json.Parse(history.Output).GetArrayLength() >= 2);
        var text = await cli.RunAsync("keys", "history", "-p", project);
        Assert.Contains("VERSION", text.Output);

        var pull = await cli.RunAsync(["pull", .. level]);
        Assert.Equal("A=2\n", pull.Output);
    }

    [Fact]
    public async Task RotateClient_PrintsTheNewKeyOnceOrWritesIt_AndRefusesWithoutTheCurrentKey()
    {
        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations));
        using var cli = Sandbox();
        string[] level = ["-p", project, "-t", "backend", "-e", "production"];
        cli.Environment["ENVELOPE_KEY"] = key;
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", ["push", "-", .. level])).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=2\n", ["push", "-", .. level])).ExitCode);

        cli.Environment.Remove("ENVELOPE_KEY");
        var missing = await cli.RunAsync("keys", "rotate", "--client", "-p", project);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("Nothing was changed", missing.Error);

        cli.Environment["ENVELOPE_KEY"] = key;
        var rotate = await cli.RunAsync("keys", "rotate", "--client", "-p", project);
        Assert.True(rotate.ExitCode == 0, rotate.Error);
        var newKey = rotate.Output.Trim();
        Assert.NotEqual(key, newKey);
        Assert.Contains("warning", rotate.Error);
        Assert.Contains("re-encrypting", rotate.Error);

        // The old key no longer opens the project; the new one does.
        Assert.NotEqual(ExitCodes.Success, (await cli.RunAsync(["pull", .. level])).ExitCode);
        cli.Environment["ENVELOPE_KEY"] = newKey;
        Assert.Equal("A=2\n", (await cli.RunAsync(["pull", .. level])).Output);

        var file = Path.Combine(cli.WorkingDirectory, "next.key");
        var toFile = await cli.RunAsync("keys", "rotate", "--client", "-p", project, "--new-key-file", file, "--json");
        Assert.True(toFile.ExitCode == 0, toFile.Error);
        var output = Json.Parse(toFile.Output);
        Assert.False(output.TryGetProperty("new_key", out _));
        var written = File.ReadAllText(file).Trim();
        Assert.DoesNotContain(written, toFile.Output + toFile.Error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var final = await cli.RunAsync(["pull", "--key-file", file, .. level]);
        Assert.Equal("A=2\n", final.Output);
    }

    [Fact]
    public async Task RotateClientResume_AfterTheHistoryStepStopped_MovesTheRestAndASecondRunFindsNothing()
    {
        var oldKey = ClientKey.Generate();
        var newKey = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), oldKey));
        using var cli = Sandbox();
        cli.Environment["ENVELOPE_KEY"] = oldKey;
        string[] level = ["-p", project, "-t", "backend", "-e", "production"];
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", ["push", "-", .. level])).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=2\n", ["push", "-", .. level])).ExitCode);

        // A rotation that dies right after the server swapped the keys: the history is still under the old key.
        using (var client = Projects.OwnerClient(server))
        {
            var secrets = new ClientManagedSecrets(client.Organization(server.Organization), project, oldKey);
            await Assert.ThrowsAsync<InvalidOperationException>(() => secrets.RotateKeyAsync(newKey, progress: new StopWhenRotated()));
        }

        File.WriteAllText(Path.Combine(cli.WorkingDirectory, "old.key"), oldKey);
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, "new.key"), newKey);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(cli.WorkingDirectory, "old.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(Path.Combine(cli.WorkingDirectory, "new.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        cli.Environment.Remove("ENVELOPE_KEY");
        var resume = await cli.RunAsync("keys", "rotate", "--client", "--resume", "-p", project, "--key-file", "new.key", "--old-key-file", "old.key", "--json");
        var again = await cli.RunAsync("keys", "rotate", "--client", "--resume", "-p", project, "--key-file", "new.key", "--old-key-file", "old.key", "--json");

        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.True(Json.Parse(resume.Output).GetProperty("versions_re_encrypted").GetInt32() >= 2);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, Json.Parse(again.Output).GetProperty("versions_re_encrypted").GetInt32());
        var versions = Json.Parse((await cli.RunAsync(["versions", "list", "--json", .. level])).Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Order().ToList();
        var diff = await cli.RunAsync(["diff", "--from", versions[0].ToString(), "--key-file", "new.key", "--show-values", .. level]);
        Assert.Equal(ExitCodes.Different, diff.ExitCode);
        Assert.Contains("~ A=1 -> 2", diff.Output);
        Assert.DoesNotContain(newKey, resume.Output + resume.Error + again.Output + diff.Output + diff.Error);
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

    [Fact]
    public async Task KeyStates_DisableScheduleCancelEnable_StopAndResumeValueOperations()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunAsync("link", "-p", project, "-t", "backend", "-e", "production")).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("keys", "disable")).ExitCode);
        var disable = await cli.RunAsync("keys", "disable", "--yes", "--json");
        Assert.True(disable.ExitCode == 0, disable.Error);
        Assert.Equal("disabled", Json.Parse(disable.Output).GetProperty("state").GetString());
        var pull = await cli.RunAsync("pull", "--json");
        Assert.Equal(ExitCodes.Conflict, pull.ExitCode);
        Assert.Equal("key_unavailable", Json.Parse(pull.Output).GetProperty("error").GetString());
        var again = await cli.RunAsync("keys", "disable", "--yes", "--json");
        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.Equal("invalid_key_state", Json.Parse(again.Output).GetProperty("error").GetString());

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("keys", "schedule-deletion", "--days", "5", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("keys", "schedule-deletion", "--days", "7")).ExitCode);
        var schedule = await cli.RunAsync("keys", "schedule-deletion", "--days", "7", "--yes", "--json");
        Assert.True(schedule.ExitCode == 0, schedule.Error);
        var pending = Json.Parse(schedule.Output);
        Assert.Equal("pending_deletion", pending.GetProperty("state").GetString());
        Assert.InRange(pending.GetProperty("deletion_scheduled_for").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));

        var cancel = await cli.RunAsync("keys", "cancel-deletion");
        Assert.True(cancel.ExitCode == 0, cancel.Error);
        Assert.Equal("disabled", cancel.Output.Trim());
        var enable = await cli.RunAsync("keys", "enable", "-p", project);
        Assert.True(enable.ExitCode == 0, enable.Error);
        Assert.Equal("active", enable.Output.Trim());
        Assert.Equal("A=1", (await cli.RunAsync("pull")).Output.Trim());
    }
}
