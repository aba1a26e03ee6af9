using System.Text.Json;
using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class LoginTests(ServerProcess server)
{
    [Fact]
    public async Task Login_WithTokenOnStdin_StoresCredentialsForOwnerOnlyAndWhoamiUsesThem()
    {
        using var cli = new CliSandbox(server.Server);

        var login = await cli.RunWithInputAsync(server.OwnerToken + "\n", "login", "--token-stdin");

        Assert.Equal(ExitCodes.Success, login.ExitCode);
        Assert.Contains(server.Organization, login.Error);
        Assert.DoesNotContain(server.OwnerToken, login.Output + login.Error);
        Assert.True(File.Exists(cli.CredentialsPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.CredentialsPath));
        }

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        using var json = JsonDocument.Parse(whoami.Output);
        Assert.Equal(server.Organization, json.RootElement.GetProperty("organization").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Logout_AfterLogin_DeletesCredentialsAndWhoamiExitsUnauthenticated()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync(server.OwnerToken, "login", "--token-stdin")).ExitCode);

        var logout = await cli.RunAsync("logout");
        var whoami = await cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, logout.ExitCode);
        Assert.Contains("stays valid on the server", logout.Error);
        Assert.False(File.Exists(cli.CredentialsPath));
        Assert.Equal(ExitCodes.Unauthenticated, whoami.ExitCode);
        Assert.Contains("Not logged in", whoami.Error);
    }

    [Fact]
    public async Task Whoami_WithEnvelopeToken_NeedsNoLogin()
    {
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;

        var whoami = await cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        Assert.Contains(server.Organization, whoami.Output);
    }

    [Fact]
    public async Task Whoami_WithBadToken_ExitsUnauthenticatedWithJsonError()
    {
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = "env_not_a_real_token";

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Unauthenticated, whoami.ExitCode);
        using var json = JsonDocument.Parse(whoami.Output);
        Assert.Equal("unauthenticated", json.RootElement.GetProperty("error").GetString());
        Assert.Single(whoami.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Login_WithBadTokenOnStdin_ExitsUnauthenticatedAndStoresNothing()
    {
        using var cli = new CliSandbox(server.Server);

        var login = await cli.RunWithInputAsync("env_not_a_real_token", "login", "--token-stdin");

        Assert.Equal(ExitCodes.Unauthenticated, login.ExitCode);
        Assert.False(File.Exists(cli.CredentialsPath));
    }

    [Fact]
    public async Task Whoami_WithNoServerListening_ExitsNetwork()
    {
        using var cli = new CliSandbox(new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}"));
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;

        var whoami = await cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Network, whoami.ExitCode);
        Assert.StartsWith("error: Could not reach the server", whoami.Error);
    }

    [Fact]
    public async Task UnknownOption_ExitsUsage()
    {
        using var cli = new CliSandbox(server.Server);

        var result = await cli.RunAsync("pull", "--no-such-option");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Help_OfACommandMissingItsArgument_ShowsHelpWithExamples()
    {
        using var cli = new CliSandbox(server.Server);

        var help = await cli.RunAsync("init", "--help");

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Contains("Examples:", help.Output);
        Assert.Contains("envelope init my-app", help.Output);
    }
}
