using Envelope.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Envelope.Cli.Tests.Commands;

/// <summary><c>envelope audit verify</c> against a real server, whose SQLite file the test edits the way an attacker with write access would.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuditVerifyTests(ServerProcess server)
{
    [Fact]
    public async Task Verify_IsValid_ThenNamesAnEditedEvent_WithANonZeroExit()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;

        var valid = await cli.RunAsync("audit", "verify", "--json");
        Assert.True(valid.ExitCode == ExitCodes.Success, valid.Output + valid.Error);
        Assert.True(Json.Parse(valid.Output).GetProperty("valid").GetBoolean());

        var created = $"""FROM audit_events WHERE "OrganizationId" = '{server.Organization}' AND "Action" = 'project.create' AND "Subject" = '{project}'""";
        var id = await ExecuteAsync($"SELECT \"Id\" {created}");
        var edited = await ExecuteAsync($"SELECT \"Sequence\" {created}");
        await ExecuteAsync($"""UPDATE audit_events SET "Subject" = 'someone-elses-project' WHERE "Id" = {id}""");
        try
        {
            var broken = await cli.RunAsync("audit", "verify", "--json");
            var human = await cli.RunAsync("audit", "verify");

            Assert.Equal(ExitCodes.AuditBroken, broken.ExitCode);
            var verification = Json.Parse(broken.Output);
            Assert.False(verification.GetProperty("valid").GetBoolean());
            Assert.Equal("hash_mismatch", verification.GetProperty("first_break").GetProperty("reason").GetString());
            Assert.Equal(edited, verification.GetProperty("first_break").GetProperty("sequence").GetInt64());
            Assert.Equal(ExitCodes.AuditBroken, human.ExitCode);
            Assert.Contains($"BROKEN at event {edited}", human.Output, StringComparison.Ordinal);
        }
        finally
        {
            // Put the row back, so the other tests on this server see a valid trail.
            await ExecuteAsync($"""UPDATE audit_events SET "Subject" = '{project}' WHERE "Id" = {id}""");
        }

        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("audit", "verify")).ExitCode);
    }

    private async Task<long> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = server.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = await command.ExecuteScalarAsync();
        return result is long value ? value : 0;
    }
}
