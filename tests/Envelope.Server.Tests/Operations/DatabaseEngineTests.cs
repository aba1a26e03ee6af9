using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Operations;

public sealed class DatabaseEngineTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task Server_RunsOnTheEngineTheTestRunAsksFor_WithEveryMigrationApplied()
    {
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();

        var expected = TestDatabase.Engine == "postgres" ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite";
        Assert.Equal(expected, db.Database.ProviderName);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Sqlite_RunsInWalMode()
    {
        if (TestDatabase.Engine != "sqlite")
        {
            return;
        }

        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode()").ToListAsync();

        Assert.Equal("wal", Assert.Single(mode));
    }
}
