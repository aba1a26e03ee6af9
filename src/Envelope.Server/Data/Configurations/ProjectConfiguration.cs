using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(26);
        builder.Property(p => p.OrganizationId).HasMaxLength(26);
        builder.Property(p => p.Slug).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.DeletedBy).HasMaxLength(64);
        // A node in the recovery window is gone for every query but the recovery feature's (IgnoreQueryFilters).
        builder.HasQueryFilter(p => p.DeletedAt == null);
        builder.HasIndex(p => p.PurgeAt);
        builder.Property(p => p.KeyManagement).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.HistoryPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.KeyState).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.KeyCheck).HasMaxLength(32);
        builder.Property(p => p.KeyCheckSalt).HasMaxLength(16);
        builder.HasIndex(p => new { p.OrganizationId, p.Slug }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Targets).WithOne().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
