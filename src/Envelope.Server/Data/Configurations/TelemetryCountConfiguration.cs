using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class TelemetryCountConfiguration : IEntityTypeConfiguration<TelemetryCount>
{
    public void Configure(EntityTypeBuilder<TelemetryCount> builder)
    {
        builder.ToTable("telemetry_counts");
        // The key is the upsert's conflict target; no member may be null, or rows would never conflict.
        builder.HasKey(c => new { c.Day, c.Event, c.Name, c.CliVersion, c.Os, c.Success });
        builder.Property(c => c.Event).HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.Property(c => c.CliVersion).HasMaxLength(32);
        builder.Property(c => c.Os).HasMaxLength(16);
    }
}
