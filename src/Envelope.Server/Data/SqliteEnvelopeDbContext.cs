using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Envelope.Server.Data;

internal sealed class SqliteEnvelopeDbContext(DbContextOptions<SqliteEnvelopeDbContext> options) : EnvelopeDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; the binary form keeps ordering and comparisons translatable (all values are UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
