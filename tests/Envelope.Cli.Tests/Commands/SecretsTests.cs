using System.Text.Json;
using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class SecretsTests(ServerProcess server)
{
    private const string DotEnvText = "DATABASE_URL=postgres://db/app\nGREETING=\"it's a test\"\n";

    private async Task<CliSandbox> LinkedSandboxAsync(string project)
    {
        var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync(server.OwnerToken, "login", "--token-stdin")).ExitCode);
        var link = await cli.RunAsync("link", "--project", project, "--target", "backend", "--environment", "production");
        Assert.Equal(ExitCodes.Success, link.ExitCode);
        Assert.True(File.Exists(Path.Combine(cli.WorkingDirectory, ".envelope.json")));
        return cli;
    }

    [Fact]
    public async Task PushThenPull_ServerManagedProject_RoundTripsInEveryFormat()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = await LinkedSandboxAsync(project);
        cli.WriteFile(".env", DotEnvText);

        var push = await cli.RunAsync("push", "--json");
        var dotenv = await cli.RunAsync("pull");
        var json = await cli.RunAsync("pull", "--format", "json");
        var shell = await cli.RunAsync("pull", "--format", "shell");
        var versions = await cli.RunAsync("versions", "list", "--json");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        using (var pushed = JsonDocument.Parse(push.Output))
        {
            Assert.Equal(2, pushed.RootElement.GetProperty("keys").GetInt32());
        }

        Assert.Equal(ExitCodes.Success, dotenv.ExitCode);
        var values = DotEnv.Merge(DotEnv.Parse(dotenv.Output));
        Assert.Equal("postgres://db/app", values["DATABASE_URL"]);
        Assert.Equal("it's a test", values["GREETING"]);

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        using (var pulled = JsonDocument.Parse(json.Output))
        {
            Assert.Equal("it's a test", pulled.RootElement.GetProperty("GREETING").GetString());
        }

        Assert.Contains("export GREETING='it'\\''s a test'", shell.Output);

        Assert.Equal(ExitCodes.Success, versions.ExitCode);
        using (var listed = JsonDocument.Parse(versions.Output))
        {
            Assert.True(listed.RootElement.GetArrayLength() >= 1);
        }
    }

    [Fact]
    public async Task PushThenPull_ClientManagedProjectWithEnvelopeKey_RoundTrips()
    {
        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key));
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.Environment["ENVELOPE_KEY"] = key;
        cli.WriteFile("secrets.env", DotEnvText);

        var push = await cli.RunAsync("push", "secrets.env", "-p", project, "-t", "backend", "-e", "production");
        var pull = await cli.RunAsync("pull", "--json", "-p", project, "-t", "backend", "-e", "production");

        Assert.Equal(ExitCodes.Success, push.ExitCode);
        Assert.Equal(ExitCodes.Success, pull.ExitCode);
        using var pulled = JsonDocument.Parse(pull.Output);
        Assert.Equal("postgres://db/app", pulled.RootElement.GetProperty("DATABASE_URL").GetString());
        Assert.DoesNotContain(key, push.Output + push.Error + pull.Error);
    }

    [Fact]
    public async Task Push_KeyFileReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.WriteFile(".env", DotEnvText);
        var keyFile = Path.Combine(cli.WorkingDirectory, "client.key");
        File.WriteAllText(keyFile, ClientKey.Generate());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var push = await cli.RunAsync("push", "--key-file", keyFile, "--project", "whatever");

        Assert.Equal(ExitCodes.Usage, push.ExitCode);
        Assert.Contains("chmod 600", push.Error);
    }

    [Fact]
    public async Task Run_WithLinkedProject_InjectsSecretsIntoTheChild()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var project = await Projects.CreateAsync(server);
        using var cli = await LinkedSandboxAsync(project);
        cli.WriteFile(".env", DotEnvText);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);

        var run = await cli.RunAsync("run", "--", "printenv", "GREETING");
        var exit = await cli.RunAsync("run", "--", "sh", "-c", "exit 3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("it's a test\n", run.Output);
        Assert.Equal(3, exit.ExitCode);
    }

    [Fact]
    public async Task Run_HidesEnvelopesCredentials_AndRefusesSecretsThatHookTheInterpreter_UnlessNamed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var project = await Projects.CreateAsync(server);
        using var cli = await LinkedSandboxAsync(project);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.WriteFile(".env", "GREETING=hi\nNODE_OPTIONS=--require /tmp/evil.js\nBASH_ENV=/tmp/evil.sh\n");
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);
        const string Show = "echo \"${ENVELOPE_TOKEN:+token} ${NODE_OPTIONS:-no-node-options} ${BASH_ENV:-no-bash-env} $GREETING\"";

        var guarded = await cli.RunAsync("run", "--", "sh", "-c", Show);
        var allowed = await cli.RunAsync("run", "--allow-env", "NODE_OPTIONS", "--keep-envelope-env", "--", "sh", "-c", Show);

        Assert.Equal(0, guarded.ExitCode);
        Assert.Equal(" no-node-options no-bash-env hi\n", guarded.Output);
        Assert.Contains("BASH_ENV, NODE_OPTIONS", guarded.Error, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("token --require /tmp/evil.js no-bash-env hi\n", allowed.Output);
        Assert.Contains("BASH_ENV", allowed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("NODE_OPTIONS", allowed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullShell_LeavesOutNamesThatAreNoShellVariable_AndSaysWhich()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = await LinkedSandboxAsync(project);
        cli.WriteFile(".env", "A.B=1\nOK=it's\nX-Y=$(id)\n");
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("push")).ExitCode);

        var pull = await cli.RunAsync("pull", "--format", "shell");

        Assert.Equal(0, pull.ExitCode);
        Assert.Equal("export OK='it'\\''s'\n", pull.Output);
        Assert.Contains("A.B, X-Y", pull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_UnknownProject_ExitsNotFound()
    {
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;

        var pull = await cli.RunAsync("pull", "--project", "no-such-project");

        Assert.Equal(ExitCodes.NotFound, pull.ExitCode);
        Assert.Contains("[not_found]", pull.Error);
    }

    [Fact]
    public async Task Pull_WithoutLink_ExitsUsage()
    {
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;

        var pull = await cli.RunAsync("pull");

        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        Assert.Contains("envelope link", pull.Error);
    }
}
