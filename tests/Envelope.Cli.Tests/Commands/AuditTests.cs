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

        var stores = await cli.RunAsync("audit", "--action", "secret.store", "--project", project, "--json");
        Assert.True(stores.ExitCode == 0, stores.Error);
        var events = Json.Parse(stores.Output).EnumerateArray().ToList();
        Assert.Single(events);
        Assert.Equal("secret.store", events[0].GetProperty("action").GetString());

        var table = await cli.RunAsync("audit", "--project", project, "--limit", "5");
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains("project.create", table.Output);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("audit", "--limit", "0")).ExitCode);
    }
}
