using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class GetSetTests(ServerProcess server)
{
    private CliSandbox Sandbox(string project)
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.WriteFile(".envelope.json", $$"""{"project":"{{project}}","target":"backend","environment":"production"}""");
        return cli;
    }

    [Fact]
    public async Task SetGetUnset_ServerManaged_KeepsOtherValuesAndTags()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(project);
        Assert.Equal(0, (await cli.RunWithInputAsync("# @tags: db\nDB=postgres://x\nOLD=1\n", "push", "-")).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("PROJECT_WIDE=p\n", "push", "-", "-p", project)).ExitCode);

        var set = await cli.RunWithInputAsync("s3cr3t 'value'\n", "set", "API_KEY", "--json");
        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Equal("added", Json.Parse(set.Output).GetProperty("action").GetString());
        Assert.Equal(0, (await cli.RunWithInputAsync("postgres://y", "set", "DB")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("unset", "OLD")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("unset", "OLD")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunWithInputAsync("x", "set", "1BAD")).ExitCode);

        Assert.Equal("s3cr3t 'value'\n", (await cli.RunAsync("get", "API_KEY")).Output);
        Assert.Equal("p\n", (await cli.RunAsync("get", "PROJECT_WIDE")).Output);
        Assert.Equal("postgres://y", Json.Parse((await cli.RunAsync("get", "DB", "--json")).Output).GetProperty("value").GetString());
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("get", "OLD")).ExitCode);

        using var client = Projects.OwnerClient(server);
        var raw = await client.Organization(server.Organization).Secrets.ReadDecryptedAsync(new LevelPath(project, "backend", "production"));
        Assert.Equal(["API_KEY", "DB"], raw.Environment!.Keys.Order(StringComparer.Ordinal));
        var versions = await cli.RunAsync("versions", "list", "--json");
        var newest = Json.Parse(versions.Output)[0].GetProperty("id").GetInt64();
        var shown = await cli.RunAsync("versions", "show", $"{newest}", "--reveal");
        Assert.Contains("# @tags: db", shown.Output);
    }

    [Fact]
    public async Task Set_WhenTheLevelChangedMeanwhile_ExitsConflictAndWritesNothing()
    {
        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations));
        using var cli = Sandbox(project);
        cli.Environment["ENVELOPE_KEY"] = key;
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-")).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync("2", "set", "B")).ExitCode);

        cli.BeforeWrite = async ct =>
        {
            using var client = Projects.OwnerClient(server);
            await new ClientManagedSecrets(client.Organization(server.Organization), project, key)
                .PushAsync(new LevelPath(project, "backend", "production"), "A=remote\n", cancellationToken: ct);
        };
        var set = await cli.RunWithInputAsync("local", "set", "A");
        cli.BeforeWrite = null;

        Assert.Equal(ExitCodes.Conflict, set.ExitCode);
        Assert.Contains("changed on the server", set.Error);
        Assert.Equal("remote\n", (await cli.RunAsync("get", "A")).Output);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("get", "B")).ExitCode);
    }
}
