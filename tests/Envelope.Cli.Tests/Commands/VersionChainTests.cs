using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

/// <summary>
/// The version chain through the real CLI and server process: a server that answers a client-managed pull with an older
/// version than it answered before is caught (a rollback), and <c>versions verify</c> names a version whose blob was
/// swapped in the server's SQLite file.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class VersionChainTests(ServerProcess server)
{
    private static readonly string[] Production = ["-t", "backend", "-e", "production"];

    [Fact]
    public async Task Pull_AfterTheServerRollsALevelBackToAnOlderVersion_FailsWithRollbackDetected_AndRunToo()
    {
        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key, iterations: KeyProof.MinimumIterations));
        using var cli = Sandbox(key);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("API_KEY=old-and-revoked\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("API_KEY=current\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        var first = await cli.RunAsync(["pull", "-p", project, .. Production]);
        Assert.Contains("API_KEY=current", first.Output, StringComparison.Ordinal);
        // A second pull of the same version is no rollback.
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync(["pull", "-p", project, .. Production])).ExitCode);

        var level = new LevelPath(project, "backend", "production");
        var (secretId, older) = await OlderVersionAsync(level);
        // What someone with the database (or a compromised server) does to serve the old key again: the old blob, bound
        // to this very level, decrypts fine; only the history says it is old.
        Assert.Equal(1, await server.ExecuteOnDatabaseAsync(
            """UPDATE secrets SET "Content" = (SELECT "Content" FROM secret_versions WHERE "Id" = @v), "CurrentVersionId" = @v WHERE "Id" = @s""",
            ("v", older), ("s", secretId)));
        await server.ExecuteOnDatabaseAsync("""UPDATE projects SET "SecretsRevision" = "SecretsRevision" + 1 WHERE "Id" = (SELECT "ProjectId" FROM secrets WHERE "Id" = @s)""", ("s", secretId));

        var pull = await cli.RunAsync(["pull", "--json", "-p", project, .. Production]);
        var run = await cli.RunAsync(["run", "-p", project, .. Production, "--", "sh", "-c", "echo $API_KEY"]);

        Assert.Equal(ExitCodes.HistoryRollback, pull.ExitCode);
        Assert.Equal("rollback_detected", Json.Parse(pull.Output).GetProperty("error").GetString());
        Assert.DoesNotContain("old-and-revoked", pull.Output + pull.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.HistoryRollback, run.ExitCode);
        Assert.DoesNotContain("old-and-revoked", run.Output, StringComparison.Ordinal);

        // Another machine, which never saw the newer version, has nothing to compare with: the check is per CLI state.
        using var fresh = Sandbox(key);
        Assert.Equal(ExitCodes.Success, (await fresh.RunAsync(["pull", "-p", project, .. Production])).ExitCode);
    }

    [Fact]
    public async Task VersionsVerify_HoldsUntilAVersionsBlobIsSwappedInTheDatabase_ThenNamesIt()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox(key: null);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=1\n", ["push", "-", "-p", project, .. Production])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await cli.RunWithInputAsync("A=2\n", ["push", "-", "-p", project, .. Production])).ExitCode);

        var holds = await cli.RunAsync(["versions", "verify", "-p", project, .. Production]);
        Assert.True(holds.ExitCode == ExitCodes.Success, holds.Error);
        Assert.Contains("holds: 2 version(s) checked", holds.Output, StringComparison.Ordinal);

        var (secretId, older) = await OlderVersionAsync(new LevelPath(project, "backend", "production"));
        Assert.Equal(1, await server.ExecuteOnDatabaseAsync(
            """UPDATE secret_versions SET "Content" = (SELECT "Content" FROM secrets WHERE "Id" = @s) WHERE "Id" = @v""", ("v", older), ("s", secretId)));

        var broken = await cli.RunAsync(["versions", "verify", "--json", "-p", project, .. Production]);

        Assert.Equal(ExitCodes.HistoryRollback, broken.ExitCode);
        var verification = Json.Parse(broken.Output);
        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(older, verification.GetProperty("first_break").GetProperty("number").GetInt64());
    }

    /// <summary>The level's secret id and its older of two versions.</summary>
    private async Task<(string SecretId, long Older)> OlderVersionAsync(LevelPath level)
    {
        using var client = Projects.OwnerClient(server);
        var organization = client.Organization(server.Organization);
        var read = await organization.Secrets.ReadAsync(level);
        var versions = new List<SecretVersion>();
        await foreach (var version in organization.Versions.ListAsync(level))
        {
            versions.Add(version);
        }

        return (read.Environment!.Id, versions.Min(v => v.Id));
    }

    private CliSandbox Sandbox(string? key)
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        if (key is not null)
        {
            cli.Environment["ENVELOPE_KEY"] = key;
        }

        return cli;
    }
}
