using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        builder.ToTable("rate_limit_counters");
        // The key is the upsert's conflict target.
        builder.HasKey(c => new { c.PartitionKey, c.WindowStart });
        builder.Property(c => c.PartitionKey).HasMaxLength(100);
        // Pruning deletes by window.
        builder.HasIndex(c => c.WindowStart);
    }
}
