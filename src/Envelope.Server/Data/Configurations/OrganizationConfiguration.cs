using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasMaxLength(26);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.PlanName).HasMaxLength(32);
        // Existing organizations get the default window when the column is added.
        builder.Property(o => o.RecoveryWindowDays).HasDefaultValue(Organization.DefaultRecoveryWindowDays);
        // The database default upgrades existing organizations in place.
        builder.Property(o => o.DefaultTokenExpiryDays).HasDefaultValue(Organization.DefaultTokenExpiry);
        builder.HasOne(o => o.Plan).WithMany().HasForeignKey(o => o.PlanName).OnDelete(DeleteBehavior.Restrict);
    }
}
