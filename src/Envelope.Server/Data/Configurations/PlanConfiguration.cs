using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Name);
        builder.Property(p => p.Name).HasMaxLength(32);
        builder.Property(p => p.DisplayName).HasMaxLength(64);
        builder.HasData(Plan.Catalog);
    }
}
