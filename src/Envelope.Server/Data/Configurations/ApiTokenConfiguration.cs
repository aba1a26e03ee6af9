using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(26);
        builder.Property(t => t.OrganizationId).HasMaxLength(26);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.TokenHash).HasMaxLength(32);
        builder.Property(t => t.DisplayPrefix).HasMaxLength(16);
        builder.Property(t => t.Abilities).HasMaxLength(1000);
        // Plain ids, no foreign keys: provenance outlives the user or token it names.
        builder.Property(t => t.CreatedByUserId).HasMaxLength(26);
        builder.Property(t => t.CreatedByTokenId).HasMaxLength(26);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Projects).WithOne().HasForeignKey(p => p.TokenId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenProjectConfiguration : IEntityTypeConfiguration<ApiTokenProject>
{
    public void Configure(EntityTypeBuilder<ApiTokenProject> builder)
    {
        builder.ToTable("api_token_projects");
        builder.HasKey(p => new { p.TokenId, p.ProjectId });
        builder.Property(p => p.TokenId).HasMaxLength(26);
        builder.Property(p => p.ProjectId).HasMaxLength(26);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
