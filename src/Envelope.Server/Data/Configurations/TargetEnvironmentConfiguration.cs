using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class TargetEnvironmentConfiguration : IEntityTypeConfiguration<TargetEnvironment>
{
    public void Configure(EntityTypeBuilder<TargetEnvironment> builder)
    {
        builder.ToTable("environments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(26);
        builder.Property(e => e.TargetId).HasMaxLength(26);
        builder.Property(e => e.Slug).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Description).HasMaxLength(2000);
        builder.Property(e => e.DeletedBy).HasMaxLength(64);
        // A node in the recovery window is gone for every query but the recovery feature's (IgnoreQueryFilters).
        builder.HasQueryFilter(e => e.DeletedAt == null);
        builder.HasIndex(e => e.PurgeAt);
        builder.HasIndex(e => new { e.TargetId, e.Slug }).IsUnique();
    }
}
