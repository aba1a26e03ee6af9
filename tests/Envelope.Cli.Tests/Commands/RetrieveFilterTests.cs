using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class RetrieveFilterTests(ServerProcess server)
{
    private const string ProjectLevel = "# @tags: db\nDB_URL=postgres://p\nAPI_KEY=k-project\n# @tags: db\nSHADOWED=from-project\n";

    // SHADOWED is tagged db above and untagged here: filtered per level, then merged, the project's value shows through
    // (the server's rule, which the client-side filter follows).
    private const string EnvironmentLevel = "# @tags: db, secret\nDB_PASSWORD=pw\nDEBUG=1\nSHADOWED=from-env\n";

    private async Task<(CliSandbox Cli, RateLimitingProxy Proxy)> SeededAsync(bool clientManaged)
    {
        var key = ClientKey.Generate();
        var project = clientManaged
            ? await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations))
            : await Projects.CreateAsync(server);
        var proxy = new RateLimitingProxy(server.Server);
        var cli = new CliSandbox(proxy.Address);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        if (clientManaged)
        {
            cli.Environment["ENVELOPE_KEY"] = key;
        }

        cli.WriteFile(".envelope.json", $$"""{"project":"{{project}}","target":"backend","environment":"production"}""");
        Assert.Equal(0, (await cli.RunWithInputAsync(ProjectLevel, "push", "-", "-p", project)).ExitCode);
        Assert.Equal(0, (await cli.RunWithInputAsync(EnvironmentLevel, "push", "-")).ExitCode);
        return (cli, proxy);
    }

    private static async Task<string[]> PulledKeysAsync(CliSandbox cli, params string[] filters)
    {
        var pull = await cli.RunAsync(["pull", "--format", "json", .. filters]);
        Assert.True(pull.ExitCode == 0, pull.Error);
        return [.. Json.Parse(pull.Output).EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pull_WithFilters_ReturnsOnlyEntriesMatchingEveryFilter(bool clientManaged)
    {
        var (cli, proxy) = await SeededAsync(clientManaged);
        await using var _ = proxy;
        using (cli)
        {
            Assert.Equal(["DB_PASSWORD=pw", "DB_URL=postgres://p", "SHADOWED=from-project"], await PulledKeysAsync(cli, "--tag", "db"));
            Assert.Equal(["DB_PASSWORD=pw"], await PulledKeysAsync(cli, "--tag", "SECRET"));
            Assert.Equal(["API_KEY=k-project"], await PulledKeysAsync(cli, "--search", "api"));
            Assert.Equal(["API_KEY=k-project", "DEBUG=1"], await PulledKeysAsync(cli, "--name", "DEBUG", "--name", "API_KEY"));
            Assert.Equal(["DB_PASSWORD=pw"], await PulledKeysAsync(cli, "--tag", "db", "--search", "pass"));
            Assert.Empty(await PulledKeysAsync(cli, "--name", "DEBUG", "--tag", "db"));
            Assert.Equal(["API_KEY=k-project", "DB_PASSWORD=pw", "DB_URL=postgres://p", "DEBUG=1", "SHADOWED=from-env"], await PulledKeysAsync(cli));

            var dotenv = DotEnv.Parse((await cli.RunAsync("pull", "--tag", "db", "--search", "url")).Output);
            var entry = Assert.Single(dotenv);
            Assert.Equal(("DB_URL", "postgres://p"), (entry.Key, entry.Value));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_WithTagOrSearch_FindsTheKeyOnlyWhenItMatches(bool clientManaged)
    {
        var (cli, proxy) = await SeededAsync(clientManaged);
        await using var _ = proxy;
        using (cli)
        {
            Assert.Equal("pw\n", (await cli.RunAsync("get", "DB_PASSWORD", "--tag", "secret")).Output);
            Assert.Equal("postgres://p\n", (await cli.RunAsync("get", "DB_URL", "--search", "url", "--tag", "db")).Output);
            var untagged = await cli.RunAsync("get", "DEBUG", "--tag", "db");
            Assert.Equal(ExitCodes.NotFound, untagged.ExitCode);
            Assert.Contains("--tag", untagged.Error);
            Assert.Equal("1\n", (await cli.RunAsync("get", "DEBUG")).Output);
        }
    }

    [Fact]
    public async Task PullAndGet_ServerManaged_FilterOnTheServer()
    {
        var (cli, proxy) = await SeededAsync(clientManaged: false);
        await using var _ = proxy;
        using (cli)
        {
            var before = proxy.Forwarded.Count;
            Assert.Equal(0, (await cli.RunAsync("pull", "--tag", "db", "--name", "DB_URL")).ExitCode);
            Assert.Equal(0, (await cli.RunAsync("get", "DEBUG")).ExitCode);

            var retrieves = proxy.Forwarded.Skip(before).Where(r => r.Path.EndsWith("/secrets/retrieve", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, retrieves.Count);
            var pullFilters = Json.Parse(retrieves[0].Body).GetProperty("filters");
            Assert.Equal("DB_URL", pullFilters.GetProperty("names")[0].GetString());
            Assert.Equal("db", pullFilters.GetProperty("tags")[0].GetString());
            Assert.Equal("decrypt", Json.Parse(retrieves[0].Body).GetProperty("action").GetString());
            Assert.Equal("DEBUG", Json.Parse(retrieves[1].Body).GetProperty("filters").GetProperty("names")[0].GetString());
        }
    }

    [Fact]
    public async Task PullAndGet_ClientManaged_SendNoFilterToTheServer()
    {
        var (cli, proxy) = await SeededAsync(clientManaged: true);
        await using var _ = proxy;
        using (cli)
        {
            var before = proxy.Forwarded.Count;
            Assert.Equal(0, (await cli.RunAsync("pull", "--tag", "db")).ExitCode);
            Assert.Equal(0, (await cli.RunAsync("get", "DEBUG", "--search", "deb")).ExitCode);

            Assert.DoesNotContain(proxy.Forwarded.Skip(before), r => r.Body.Contains("filters", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Pull_EmptySearch_ExitsUsage()
    {
        var (cli, proxy) = await SeededAsync(clientManaged: false);
        await using var _ = proxy;
        using (cli)
        {
            Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("pull", "--search", "")).ExitCode);
        }
    }
}
