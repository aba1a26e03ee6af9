using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Envelope.Server.Data;

internal sealed class SqliteEnvelopeDbContext(DbContextOptions<SqliteEnvelopeDbContext> options) : EnvelopeDbContext(options)
{
    /// <summary>
    /// Microseconds since the Unix epoch: PostgreSQL's precision, where the binary form keeps only 100 µs. An audit
    /// event's time is hashed into its chain, so it must read back exactly as written on either engine.
    /// </summary>
    private static readonly ValueConverter<DateTimeOffset, long> UnixMicroseconds = new(
        value => (value.UtcTicks - 621_355_968_000_000_000L) / 10,
        value => new DateTimeOffset(621_355_968_000_000_000L + value * 10, TimeSpan.Zero));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; the binary form keeps ordering and comparisons translatable (all values are UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AuditEvent>().Property(e => e.CreatedAt).HasConversion(UnixMicroseconds);
    }
}
