using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.ToTable("targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(26);
        builder.Property(t => t.ProjectId).HasMaxLength(26);
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(2000);
        builder.Property(t => t.DeletedBy).HasMaxLength(64);
        // A node in the recovery window is gone for every query but the recovery feature's (IgnoreQueryFilters).
        builder.HasQueryFilter(t => t.DeletedAt == null);
        builder.HasIndex(t => t.PurgeAt);
        builder.HasIndex(t => new { t.ProjectId, t.Slug }).IsUnique();
        builder.HasMany(t => t.Environments).WithOne().HasForeignKey(e => e.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}
