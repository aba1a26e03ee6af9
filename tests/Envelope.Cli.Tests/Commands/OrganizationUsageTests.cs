using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client.Models;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class OrganizationUsageTests(ServerProcess server)
{
    private CliSandbox Sandbox(string token)
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = token;
        return cli;
    }

    private async Task<string> TokenAsync(params string[] abilities)
    {
        using var client = Projects.OwnerClient(server);
        return (await client.Organization(server.Organization).Tokens.CreateAsync(new CreateTokenRequest
        {
            Name = "org-" + Guid.NewGuid().ToString("N")[..8],
            Abilities = abilities,
        })).Token;
    }

    [Fact]
    public async Task Usage_AfterAPush_CountsTheProjectInTableAndJson()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(server.OwnerToken);
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project)).ExitCode);

        var json = await cli.RunAsync("usage", "--json");
        var table = await cli.RunAsync("usage");

        Assert.True(json.ExitCode == 0, json.Error);
        var usage = Json.Parse(json.Output);
        var row = usage.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("project").GetString() == project);
        Assert.Equal(1, row.GetProperty("active_versions").GetInt32());
        Assert.True(row.GetProperty("stored_bytes").GetInt64() > 0);
        Assert.True(usage.GetProperty("active_versions").GetInt32() >= 1);

        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("PROJECT", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(project + " ", StringComparison.Ordinal));
        Assert.StartsWith("TOTAL", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_WithoutOrganizationRead_ExitsForbidden()
    {
        using var cli = Sandbox(await TokenAsync("project:read"));

        var usage = await cli.RunAsync("usage", "--json");

        Assert.Equal(ExitCodes.Forbidden, usage.ExitCode);
        Assert.Equal("insufficient_permissions", Json.Parse(usage.Output).GetProperty("error").GetString());
    }

    [Fact]
    public async Task OrganizationsList_MarksTheCurrentOrganization()
    {
        using var cli = Sandbox(server.OwnerToken);

        var json = await cli.RunAsync("organizations", "list", "--json");
        var table = await cli.RunAsync("orgs", "list");

        Assert.True(json.ExitCode == 0, json.Error);
        var organization = Assert.Single(Json.Parse(json.Output).EnumerateArray());
        Assert.Equal(server.Organization, organization.GetProperty("id").GetString());
        Assert.Equal("cli", organization.GetProperty("name").GetString());
        Assert.Contains($"* {server.Organization}", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganizationsShow_GivesPlanAndUsage()
    {
        using var cli = Sandbox(server.OwnerToken);

        var json = await cli.RunAsync("organizations", "show", "--json");
        var byId = await cli.RunAsync("organizations", "show", server.Organization);

        Assert.True(json.ExitCode == 0, json.Error);
        var shown = Json.Parse(json.Output);
        Assert.Equal(server.Organization, shown.GetProperty("id").GetString());
        Assert.Equal("business", shown.GetProperty("plan").GetProperty("name").GetString());
        Assert.True(shown.GetProperty("usage").GetProperty("projects").GetInt32() >= 0);
        Assert.Equal(0, byId.ExitCode);
        Assert.Contains("plan:", byId.Output, StringComparison.Ordinal);
        Assert.Contains(server.Organization, byId.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganizationsShow_WithoutOrganizationRead_ExitsForbidden()
    {
        using var cli = Sandbox(await TokenAsync("project:read"));

        Assert.Equal(ExitCodes.Forbidden, (await cli.RunAsync("organizations", "show")).ExitCode);
        // Listing needs no ability: any token sees its own organization.
        Assert.Equal(0, (await cli.RunAsync("organizations", "list")).ExitCode);
    }

    [Fact]
    public async Task OrganizationsCreate_WithAnOwnerToken_PrintsTheNewOwnerTokenOnce()
    {
        using var cli = Sandbox(server.OwnerToken);
        var name = "org " + Guid.NewGuid().ToString("N")[..8];

        var created = await cli.RunAsync("organizations", "create", name, "--json");

        Assert.True(created.ExitCode == 0, created.Error);
        var output = Json.Parse(created.Output);
        var id = output.GetProperty("organization").GetProperty("id").GetString()!;
        Assert.NotEqual(server.Organization, id);
        Assert.Equal(name, output.GetProperty("organization").GetProperty("name").GetString());
        using var owner = Sandbox(output.GetProperty("token").GetString()!);
        var shown = Json.Parse((await owner.RunAsync("organizations", "show", "--json")).Output);
        Assert.Equal(id, shown.GetProperty("id").GetString());
    }

    [Fact]
    public async Task OrganizationsCreate_WithoutAnOwnerToken_ExitsForbidden()
    {
        using var cli = Sandbox(await TokenAsync("project:read", "organization:read"));

        var refused = await cli.RunAsync("organizations", "create", "nope");

        Assert.Equal(ExitCodes.Forbidden, refused.ExitCode);
        Assert.Empty(refused.Output);
    }
}
