using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class ManagementTests(ServerProcess server)
{
    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }

    [Fact]
    public async Task ProjectsTargetsEnvironments_CreateListGetDelete()
    {
        using var cli = Sandbox();
        var name = Projects.UniqueName();

        var create = await cli.RunAsync("projects", "create", name, "--description", "from the CLI", "--json");
        Assert.True(create.ExitCode == 0, create.Error);
        var slug = Json.Parse(create.Output).GetProperty("slug").GetString()!;
        Assert.Equal(ExitCodes.Conflict, (await cli.RunAsync("projects", "create", name, "--slug", slug)).ExitCode);

        var list = await cli.RunAsync("projects", "list");
        Assert.Contains(slug, list.Output);
        var get = await cli.RunAsync("projects", "get", slug, "--json");
        Assert.Equal("from the CLI", Json.Parse(get.Output).GetProperty("description").GetString());

        Assert.Equal(0, (await cli.RunAsync("targets", "create", "Web front", "--slug", "web", "-p", slug)).ExitCode);
        Assert.Contains("web", (await cli.RunAsync("targets", "list", "-p", slug)).Output);
        Assert.Equal(0, (await cli.RunAsync("link", "--project", slug, "--target", "web")).ExitCode);
        var env = await cli.RunAsync("environments", "create", "staging", "--json");
        Assert.True(env.ExitCode == 0, env.Error);
        Assert.Equal("staging", Json.Parse(env.Output).GetProperty("slug").GetString());
        var envs = await cli.RunAsync("environments", "list", "--json");
        Assert.Single(Json.Parse(envs.Output).EnumerateArray());

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("environments", "delete", "staging")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("environments", "delete", "staging", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("targets", "delete", "web", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("targets", "delete", "web", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("projects", "delete", slug, "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "get", slug)).ExitCode);
    }

    [Fact]
    public async Task Tokens_CreatePrintsOnce_ListRevoke()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();

        var create = await cli.RunAsync("tokens", "create", "ci", "--ability", "secret:read", "--ability", "project:read", "--project", project, "--expires-in", "30d");
        Assert.True(create.ExitCode == 0, create.Error);
        var token = create.Output.Trim();
        Assert.DoesNotContain(token, create.Error);

        using var other = new CliSandbox(server.Server);
        other.Environment["ENVELOPE_TOKEN"] = token;
        var whoami = await other.RunAsync("whoami", "--json");
        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        var me = Json.Parse(whoami.Output);
        var id = me.GetProperty("id").GetString()!;
        Assert.Equal(2, me.GetProperty("abilities").GetArrayLength());
        Assert.True(me.TryGetProperty("expires_at", out _));
        Assert.Equal(ExitCodes.Forbidden, (await other.RunAsync("tokens", "list")).ExitCode);

        var list = await cli.RunAsync("tokens", "list", "--json");
        Assert.Contains(Json.Parse(list.Output).EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(token, list.Output);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("tokens", "create", "x", "-a", "secret:read", "--expires-in", "soon")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("tokens", "revoke", id, "--yes")).ExitCode);
        Assert.Equal(ExitCodes.Unauthenticated, (await other.RunAsync("whoami")).ExitCode);
    }
}
