using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

/// <summary>Deletes keep what holds secrets in the recovery window; <c>envelope deleted</c> lists, restores and purges it.</summary>
[Collection(ServerCollection.Name)]
public sealed class DeletedTests(ServerProcess server)
{
    [Fact]
    public async Task DeleteTarget_SaysUntilWhenAndHow_ThenDeletedRestoreBringsItBack()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project, "-t", "backend", "-e", "production")).ExitCode);

        var deleted = await cli.RunAsync("targets", "delete", "backend", "-p", project, "--yes", "--json");

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains("recoverable until", deleted.Error, StringComparison.Ordinal);
        Assert.Contains($"envelope deleted restore {project}/backend", deleted.Error, StringComparison.Ordinal);
        var output = Json.Parse(deleted.Output);
        Assert.True(output.GetProperty("recoverable_until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        Assert.DoesNotContain("backend", (await cli.RunAsync("targets", "list", "-p", project)).Output, StringComparison.Ordinal);
        var list = Json.Parse((await cli.RunAsync("deleted", "list", "--json")).Output).EnumerateArray().ToList();
        Assert.Contains(list, n => n.GetProperty("path").GetString() == $"{project}/backend" && n.GetProperty("versions").GetInt32() == 1);

        var restored = await cli.RunAsync("deleted", "restore", $"{project}/backend", "--json");

        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Equal(1, Json.Parse(restored.Output).GetProperty("versions").GetInt32());
        Assert.Contains("backend", (await cli.RunAsync("targets", "list", "-p", project)).Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("deleted", "restore", $"{project}/backend")).ExitCode);
    }

    [Fact]
    public async Task Restore_UnderADeletedParent_IsAConflict_AndPurgeErasesForGood()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project, "-t", "backend", "-e", "production")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("environments", "delete", "production", "-p", project, "-t", "backend", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("projects", "delete", project, "--yes")).ExitCode);

        Assert.Equal(ExitCodes.Conflict, (await cli.RunAsync("deleted", "restore", $"{project}/backend/production")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("deleted", "purge", project)).ExitCode);
        var purged = await cli.RunAsync("deleted", "purge", project, "--yes");

        Assert.True(purged.ExitCode == 0, purged.Error);
        Assert.DoesNotContain(project, (await cli.RunAsync("deleted", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("deleted", "restore", project)).ExitCode);
    }

    [Fact]
    public async Task EachNoun_RestoresItsOwnDeletedNode_BySlug()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project, "-t", "backend", "-e", "production")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("environments", "delete", "production", "-p", project, "-t", "backend", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("targets", "delete", "backend", "-p", project, "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("projects", "delete", project, "--yes")).ExitCode);

        // A target is not found by a project's restore, and the environment waits for its parents.
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "restore", "backend")).ExitCode);
        Assert.Equal(ExitCodes.Conflict, (await cli.RunAsync("environments", "restore", "production", "-p", project, "-t", "backend")).ExitCode);
        var restoredProject = await cli.RunAsync("projects", "restore", project, "--json");
        Assert.True(restoredProject.ExitCode == 0, restoredProject.Error);
        Assert.Equal("project", Json.Parse(restoredProject.Output).GetProperty("kind").GetString());
        Assert.Equal(0, (await cli.RunAsync("targets", "restore", "backend", "-p", project)).ExitCode);
        var restoredEnvironment = await cli.RunAsync("environments", "restore", "production", "-p", project, "-t", "backend", "--json");
        Assert.True(restoredEnvironment.ExitCode == 0, restoredEnvironment.Error);
        Assert.Equal(1, Json.Parse(restoredEnvironment.Output).GetProperty("versions").GetInt32());

        var pulled = await cli.RunAsync("pull", "-p", project, "-t", "backend", "-e", "production");
        Assert.True(pulled.ExitCode == 0, pulled.Error);
        Assert.Contains("A=1", pulled.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePermanent_ErasesAtOnce_AfterConfirmation()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunWithInputAsync("A=1\n", "push", "-", "-p", project, "-t", "backend")).ExitCode);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("targets", "delete", "backend", "-p", project, "--permanent")).ExitCode);
        var erased = await cli.RunAsync("targets", "delete", "backend", "-p", project, "--permanent", "--yes");

        Assert.True(erased.ExitCode == 0, erased.Error);
        Assert.Contains("for good", erased.Error, StringComparison.Ordinal);
        Assert.DoesNotContain($"{project}/backend", (await cli.RunAsync("deleted", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("targets", "create", "backend", "-p", project)).ExitCode);
    }

    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }
}
