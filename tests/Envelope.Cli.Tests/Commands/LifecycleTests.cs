using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

/// <summary>Whole lives of a project through the CLI only, as a user would live them, against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class LifecycleTests(ServerProcess server)
{
    [Fact]
    public async Task ClientManagedLife_InitPushDiffPullRunRotateRestore()
    {
        using var cli = await LoggedInSandboxAsync();
        var project = Projects.UniqueName();

        var init = await cli.RunAsync("init", project, "--target", "backend", "--environment", "production", "--client-managed", "--new-key-file", "first.key", "--json");
        Assert.Equal(ExitCodes.Success, init.ExitCode);
        var keyFile = Path.Combine(cli.WorkingDirectory, "first.key");
        var firstKey = File.ReadAllText(keyFile).Trim();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal("client", Json.Parse(init.Output).GetProperty("key_management").GetString());
        Assert.DoesNotContain(firstKey, init.Output + init.Error);

        cli.WriteFile(".env", "A=1\nB=two\n");
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push", "--key-file", "first.key")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("diff", "--key-file", "first.key")).ExitCode);

        cli.WriteFile(".env", "A=1\nB=three\nC=new\n");
        var masked = await cli.RunAsync("diff", "--key-file", "first.key", "--json");
        var shown = await cli.RunAsync("diff", "--key-file", "first.key", "--show-values");
        Assert.Equal(ExitCodes.Different, masked.ExitCode);
        var changes = Json.Parse(masked.Output).GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["B:changed", "C:added"], changes.Select(c => $"{c.GetProperty("key").GetString()}:{c.GetProperty("change").GetString()}"));
        Assert.DoesNotContain("three", masked.Output);
        Assert.Equal(ExitCodes.Different, shown.ExitCode);
        Assert.Contains("~ B=two -> three", shown.Output);
        Assert.Contains("+ C=new", shown.Output);

        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push", "--key-file", "first.key")).ExitCode);
        var pull = await cli.RunAsync("pull", "--key-file", "first.key", "--json");
        Assert.Equal("three", Json.Parse(pull.Output).GetProperty("B").GetString());
        if (!OperatingSystem.IsWindows())
        {
            var run = await cli.RunAsync("run", "--key-file", "first.key", "--", "printenv", "C");
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            Assert.Equal("new\n", run.Output);
        }

        var versions = Json.Parse((await cli.RunAsync("versions", "list", "--json")).Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Order().ToList();
        Assert.True(versions.Count >= 2);
        var (first, second) = (versions[0], versions[1]);

        var rotate = await cli.RunAsync("keys", "rotate", "--client", "--key-file", "first.key", "--new-key-file", "second.key", "--json");
        Assert.Equal(ExitCodes.Success, rotate.ExitCode);
        Assert.True(Json.Parse(rotate.Output).GetProperty("versions_re_encrypted").GetInt32() >= 2);

        // The old key opens nothing any more: not the current secrets, and not the re-encrypted history.
        var wrongPull = await cli.RunAsync("pull", "--key-file", "first.key", "--json");
        Assert.Equal(ExitCodes.Error, wrongPull.ExitCode);
        Assert.Equal("decryption_failed", Json.Parse(wrongPull.Output).GetProperty("error").GetString());
        var wrongPush = await cli.RunAsync("push", "--key-file", "first.key", "--json");
        Assert.Equal(ExitCodes.Conflict, wrongPush.ExitCode);
        Assert.Equal("key_proof_mismatch", Json.Parse(wrongPush.Output).GetProperty("error").GetString());

        var history = await cli.RunAsync("diff", "--from", first.ToString(), "--to", second.ToString(), "--key-file", "second.key", "--json");
        Assert.Equal(ExitCodes.Different, history.ExitCode);
        Assert.Equal(2, Json.Parse(history.Output).GetProperty("changes").GetArrayLength());

        var restore = await cli.RunAsync("versions", "restore", first.ToString(), "--key-file", "second.key");
        Assert.Equal(ExitCodes.Success, restore.ExitCode);
        var restored = Json.Parse((await cli.RunAsync("pull", "--key-file", "second.key", "--json")).Output);
        Assert.Equal("two", restored.GetProperty("B").GetString());
        Assert.False(restored.TryGetProperty("C", out _));
    }

    [Fact]
    public async Task ServerManagedLife_InitPushDiffRunRestore()
    {
        using var cli = await LoggedInSandboxAsync();
        var project = Projects.UniqueName();

        var init = await cli.RunAsync("init", project, "--target", "web", "--environment", "staging");
        Assert.Equal(ExitCodes.Success, init.ExitCode);
        Assert.Contains($"{project}/web/staging", init.Error);

        cli.WriteFile(".env", "GREETING=hello\n");
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);
        cli.WriteFile(".env", "GREETING=goodbye\n");
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("diff")).ExitCode);

        var versions = Json.Parse((await cli.RunAsync("versions", "list", "--json")).Output).EnumerateArray().Select(v => v.GetProperty("id").GetInt64()).Order().ToList();
        var diff = await cli.RunAsync("diff", "--from", versions[0].ToString(), "--show-values");
        Assert.Equal(ExitCodes.Different, diff.ExitCode);
        Assert.Contains("~ GREETING=hello -> goodbye", diff.Output);

        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("versions", "restore", versions[0].ToString())).ExitCode);
        if (!OperatingSystem.IsWindows())
        {
            var run = await cli.RunAsync("run", "--", "printenv", "GREETING");
            Assert.Equal("hello\n", run.Output);
        }
    }

    [Fact]
    public async Task Diff_ToWithoutFrom_OrAFileWithFrom_ExitsUsage()
    {
        using var cli = await LoggedInSandboxAsync();

        var toAlone = await cli.RunAsync("diff", "--to", "3", "-p", "x");
        var both = await cli.RunAsync("diff", ".env", "--from", "3", "-p", "x");

        Assert.Equal(ExitCodes.Usage, toAlone.ExitCode);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
    }

    [Fact]
    public async Task Init_ClientManagedWithoutKeyFile_PrintsTheKeyOnceOnStandardOutput()
    {
        using var cli = await LoggedInSandboxAsync();

        var init = await cli.RunAsync("init", Projects.UniqueName(), "--client-managed");

        Assert.Equal(ExitCodes.Success, init.ExitCode);
        var key = init.Output.Trim();
        Assert.Equal(44, key.Length);
        Assert.DoesNotContain(key, init.Error);
        Assert.Contains("shown only once", init.Error);
        cli.WriteFile(".env", "X=1\n");
        cli.Environment["ENVELOPE_KEY"] = key;
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);
    }

    private async Task<CliSandbox> LoggedInSandboxAsync()
    {
        var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync(server.OwnerToken, "login", "--token-stdin")).ExitCode);
        return cli;
    }
}
