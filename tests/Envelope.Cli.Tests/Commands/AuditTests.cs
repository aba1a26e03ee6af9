using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class AuditTests(ServerProcess server)
{
    [Fact]
    public async Task Audit_FiltersByActionAndProject()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project)).ExitCode);

        var stores = await cli.RunAsync("audit", "--action", "secrets.store", "--project", project, "--json");
        Assert.True(stores.ExitCode == 0, stores.Error);
        var events = Json.Parse(stores.Output).EnumerateArray().ToList();
        Assert.Single(events);
        Assert.Equal("secrets.store", events[0].GetProperty("action").GetString());

        var table = await cli.RunAsync("audit", "--project", project, "--limit", "5");
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains("project.create", table.Output);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("audit", "--limit", "0")).ExitCode);
    }

    [Fact]
    public async Task Audit_SinceUntilToken_NarrowTheEvents()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        var tokenId = Json.Parse((await cli.RunAsync("whoami", "--json")).Output).GetProperty("id").GetString()!;

        var recent = await cli.RunAsync("audit", "--project", project, "--since", "1h", "--token", tokenId, "--json");
        var future = await cli.RunAsync("audit", "--project", project, "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd"), "--json");
        var past = await cli.RunAsync("audit", "--project", project, "--until", "2000-01-01T00:00:00Z", "--json");

        Assert.True(recent.ExitCode == 0, recent.Error);
        Assert.Contains(Json.Parse(recent.Output).EnumerateArray(), e => e.GetProperty("action").GetString() == "project.create");
        Assert.Empty(Json.Parse(future.Output).EnumerateArray());
        Assert.Empty(Json.Parse(past.Output).EnumerateArray());
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("audit", "--since", "last tuesday")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("audit", "--since", "1d", "--until", "2d")).ExitCode);
    }
}
