using Microsoft.EntityFrameworkCore.Design;

namespace Envelope.Server.Data;

// Used by `dotnet ef migrations add` only; neither connects to a database.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteEnvelopeDbContext>
{
    public SqliteEnvelopeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteEnvelopeDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresEnvelopeDbContext>
{
    public PostgresEnvelopeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresEnvelopeDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
