using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class SecretsClearTests(ServerProcess server)
{
    private CliSandbox Sandbox(string project, string token)
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = token;
        cli.WriteFile(".envelope.json", $$"""{"project":"{{project}}","target":"backend","environment":"production"}""");
        return cli;
    }

    private async Task<string> TokenAsync(string project, params string[] abilities)
    {
        using var client = Projects.OwnerClient(server);
        var created = await client.Organization(server.Organization).Tokens.CreateAsync(new CreateTokenRequest
        {
            Name = "clear-" + Guid.NewGuid().ToString("N")[..8],
            Abilities = abilities,
            Projects = [project],
        });
        return created.Token;
    }

    [Fact]
    public async Task SecretsClear_ServerManaged_ClearsOnlyTheLevelAndKeepsARestorableVersion()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(project, server.OwnerToken);
        Assert.Equal(0, (await cli.RunWithInputAsync("ENV_ONLY=e\n", "push", "-")).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("PROJECT_WIDE=p\n", "push", "-", "-p", project)).ExitCode);

        var clear = await cli.RunAsync("secrets", "clear", "--yes", "--json");

        Assert.True(clear.ExitCode == 0, clear.Error);
        var output = Json.Parse(clear.Output);
        Assert.Equal($"{project}/backend/production", output.GetProperty("level").GetString());
        Assert.True(output.GetProperty("backup").GetBoolean());
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("get", "ENV_ONLY")).ExitCode);
        Assert.Equal("p\n", (await cli.RunAsync("get", "PROJECT_WIDE")).Output);

        var versions = Json.Parse((await cli.RunAsync("versions", "list", "--json")).Output);
        var deleted = versions.EnumerateArray().First(v => v.GetProperty("reason").GetString() == "delete");
        Assert.Equal(0, (await cli.RunAsync("versions", "restore", deleted.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);
        Assert.Equal("e\n", (await cli.RunAsync("get", "ENV_ONLY")).Output);
    }

    [Fact]
    public async Task SecretsClear_ClientManagedWithoutTheKey_ClearsTheLevel()
    {
        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations));
        using var cli = Sandbox(project, server.OwnerToken);
        cli.Environment["ENVELOPE_KEY"] = key;
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        cli.Environment.Remove("ENVELOPE_KEY");

        var clear = await cli.RunAsync("secrets", "clear", "--yes");

        Assert.True(clear.ExitCode == 0, clear.Error);
        using var client = Projects.OwnerClient(server);
        var read = await client.Organization(server.Organization).Secrets.ReadAsync(new LevelPath(project, "backend", "production"));
        Assert.Null(read.Environment);
    }

    [Fact]
    public async Task SecretsClear_WithoutYesOffATerminal_ExitsUsageAndChangesNothing()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(project, server.OwnerToken);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);

        var clear = await cli.RunAsync("secrets", "clear");

        Assert.Equal(ExitCodes.Usage, clear.ExitCode);
        Assert.Contains("--yes", clear.Error);
        Assert.Equal("1\n", (await cli.RunAsync("get", "A")).Output);
    }

    [Fact]
    public async Task SecretsClear_NoBackupWithoutPurgeAbility_ExitsForbiddenAndChangesNothing()
    {
        var project = await Projects.CreateAsync(server);
        using var owner = Sandbox(project, server.OwnerToken);
        Assert.Equal(0, (await owner.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        using var writer = Sandbox(project, await TokenAsync(project, "secret:read", "secret:write", "secret:decrypt", "secret:history"));

        var refused = await writer.RunAsync("secrets", "clear", "--no-backup", "--yes", "--json");

        Assert.Equal(ExitCodes.Forbidden, refused.ExitCode);
        Assert.Contains("secret:purge", refused.Error);
        Assert.Equal("insufficient_permissions", Json.Parse(refused.Output).GetProperty("error").GetString());
        Assert.Equal("1\n", (await owner.RunAsync("get", "A")).Output);

        // The same token may clear with a backup: secret:write is all that takes.
        Assert.Equal(0, (await writer.RunAsync("secrets", "clear", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await owner.RunAsync("get", "A")).ExitCode);
    }

    [Fact]
    public async Task SecretsClear_NoBackupWithPurgeAbility_DeletesTheHistoryToo()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(project, server.OwnerToken);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=2\n", "push", "-")).ExitCode);

        var clear = await cli.RunAsync("secrets", "clear", "--no-backup", "--yes", "--json");

        Assert.True(clear.ExitCode == 0, clear.Error);
        Assert.False(Json.Parse(clear.Output).GetProperty("backup").GetBoolean());
        Assert.Equal(0, Json.Parse((await cli.RunAsync("versions", "list", "--json")).Output).GetArrayLength());
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("get", "A")).ExitCode);
    }

    [Fact]
    public async Task SecretsClear_EmptyLevel_Succeeds_AndRecordsNoVersion()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(project, server.OwnerToken);

        var clear = await cli.RunAsync("secrets", "clear", "--yes");
        var versions = await cli.RunAsync("versions", "list", "--json");

        Assert.Equal(0, clear.ExitCode);
        Assert.Equal(0, versions.ExitCode);
        Assert.Equal(0, Json.Parse(versions.Output).GetArrayLength());
    }

    [Fact]
    public async Task SecretsClear_WithoutWriteAbility_ExitsForbidden()
    {
        var project = await Projects.CreateAsync(server);
        using var owner = Sandbox(project, server.OwnerToken);
        Assert.Equal(0, (await owner.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        using var reader = Sandbox(project, await TokenAsync(project, "secret:read", "secret:decrypt"));

        var refused = await reader.RunAsync("secrets", "clear", "--yes");

        Assert.Equal(ExitCodes.Forbidden, refused.ExitCode);
        Assert.Equal("1\n", (await owner.RunAsync("get", "A")).Output);
    }
}
