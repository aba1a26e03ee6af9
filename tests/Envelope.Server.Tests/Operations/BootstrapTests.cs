using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Operations;

public sealed class BootstrapTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task FirstStart_OnEmptyDatabase_WritesBootstrapFileWithAWorkingOwnerToken()
    {
        _ = app.Server;
        var path = Path.Combine(app.Database.Directory, "bootstrap.json");

        var bootstrap = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var client = app.ClientWithToken(bootstrap["token"]!.GetValue<string>());
        var me = (await JsonApi.ReadAsync(await client.GetAsync("/api/v1/me")))["data"]!;

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(bootstrap["organization"]!.GetValue<string>(), me["organization"]!["id"]!.GetValue<string>());
        Assert.Equal("default", me["organization"]!["name"]!.GetValue<string>());
        Assert.Equal(Envelope.Server.Auth.Abilities.All.Count, me["abilities"]!.AsArray().Count);
    }

    [Fact]
    public async Task InitCommand_PrintsOneJsonLine_WhoseTokenWorks()
    {
        _ = app.Server;

        var (exitCode, output, error) = await RunServerCommandAsync("init", "--organization", "ops");

        Assert.True(exitCode == 0, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var init = JsonNode.Parse(line)!.AsObject();
        Assert.Equal(["organization", "token"], init.Select(p => p.Key));
        var client = app.ClientWithToken(init["token"]!.GetValue<string>());
        var info = (await JsonApi.ReadAsync(await client.GetAsync($"/api/v1/{init["organization"]!.GetValue<string>()}")))["data"]!;
        Assert.Equal("ops", info["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlanSetCommand_RaisesTheProjectLimit()
    {
        var org = await app.CreateOrganizationAsync();
        for (var i = 0; i < 3; i++)
        {
            await org.CreateProjectAsync($"p{i}");
        }

        var (exitCode, _, error) = await RunServerCommandAsync("plan", "set", "--organization", org.Id, "--plan", "team");
        var (unknownExit, _, unknownError) = await RunServerCommandAsync("plan", "set", "--organization", org.Id, "--plan", "platinum");

        Assert.True(exitCode == 0, error);
        Assert.Equal(1, unknownExit);
        Assert.Contains("Unknown plan", unknownError, StringComparison.Ordinal);
        var info = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}")))["data"]!;
        Assert.Equal("team", info["plan"]!["name"]!.GetValue<string>());
        var planChange = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=organization.plan_change")))["data"]!.AsArray();
        Assert.Equal("team", Assert.Single(planChange)!["details"]!["to"]!.GetValue<string>());
        Assert.True((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events/verify")))["data"]!["valid"]!.GetValue<bool>());
        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", System.Net.Http.Json.JsonContent.Create(new { name = "fourth" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task NodesStartingTogether_OnOneEmptyDatabase_CreateOneDefaultOrganization()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Nodes of one cluster share their master key; on a fresh directory each would otherwise generate its own.
        var masterKey = KnownSecrets.Register(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var nodes = Enumerable.Range(0, 3).Select(_ => EnvelopeApplication.On(database)).ToList();
        try
        {
            foreach (var node in nodes)
            {
                node.Settings["ENVELOPE_MASTER_KEY"] = masterKey;
            }

            await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Server)));

            await using var scope = nodes[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            Assert.Equal(1, await db.Organizations.CountAsync());
            Assert.Equal(1, await db.ApiTokens.CountAsync(t => t.IsOwner));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await ((IAsyncLifetime)node).DisposeAsync();
            }
        }
    }

    private Task<(int ExitCode, string Output, string Error)> RunServerCommandAsync(params string[] arguments) =>
        ServerCommand.RunAsync(app.Database, null, arguments);
}
