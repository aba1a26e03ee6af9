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
}
