using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class SecretConfiguration : IEntityTypeConfiguration<Secret>
{
    public void Configure(EntityTypeBuilder<Secret> builder)
    {
        builder.ToTable("secrets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(26);
        builder.Property(s => s.ProjectId).HasMaxLength(26);
        builder.Property(s => s.TargetId).HasMaxLength(26);
        builder.Property(s => s.EnvironmentId).HasMaxLength(26);
        builder.Property(s => s.LevelId).HasMaxLength(26);
        builder.Property(s => s.Level).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.LevelId).IsUnique();
        builder.HasIndex(s => s.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Target>().WithMany().HasForeignKey(s => s.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TargetEnvironment>().WithMany().HasForeignKey(s => s.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecretVersionConfiguration : IEntityTypeConfiguration<SecretVersion>
{
    public void Configure(EntityTypeBuilder<SecretVersion> builder)
    {
        builder.ToTable("secret_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedOnAdd();
        builder.Property(v => v.SecretId).HasMaxLength(26);
        builder.Property(v => v.ProjectId).HasMaxLength(26);
        builder.Property(v => v.CreatedByTokenId).HasMaxLength(26);
        builder.Property(v => v.Reason).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Hash).HasMaxLength(32);
        builder.Property(v => v.PreviousHash).HasMaxLength(32);
        builder.Property(v => v.ContentSha256).HasMaxLength(32);
        builder.Property(v => v.ReEncryptionHash).HasMaxLength(32);
        // A deleted or purged version stays as the chain's tombstone; only the chain's walk looks past this filter.
        builder.HasQueryFilter(v => v.Status != VersionStatus.Purged);
        builder.HasIndex(v => new { v.SecretId, v.Id });
        // Numbers are assigned under the project's write lock; the index makes a lost race an error, not a duplicate.
        builder.HasIndex(v => new { v.SecretId, v.Number }).IsUnique();
        builder.HasIndex(v => new { v.ProjectId, v.KeyVersion });
        // Versions go with their level; the project cascade reaches them through the secret rows.
        builder.HasOne<Secret>().WithMany().HasForeignKey(v => v.SecretId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectKeyConfiguration : IEntityTypeConfiguration<ProjectKey>
{
    public void Configure(EntityTypeBuilder<ProjectKey> builder)
    {
        builder.ToTable("project_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.ProjectId).HasMaxLength(26);
        builder.Property(k => k.WrappedKey).HasMaxLength(60);
        builder.Property(k => k.MasterKeyId).HasMaxLength(16);
        builder.Property(k => k.KeyCheck).HasMaxLength(32);
        builder.Property(k => k.KeyCheckSalt).HasMaxLength(16);
        builder.Property(k => k.KdfAlgorithm).HasMaxLength(16);
        builder.Property(k => k.KdfSalt).HasMaxLength(Crypto.PassphraseKdf.MaximumSaltSize);
        builder.HasIndex(k => new { k.ProjectId, k.Version }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.OrganizationId).HasMaxLength(26);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.TokenId).HasMaxLength(26);
        builder.Property(e => e.ProjectId).HasMaxLength(26);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => new { e.OrganizationId, e.Id });
        // Two writers appending the same number would fork the chain: the index refuses the second.
        builder.HasIndex(e => new { e.OrganizationId, e.Sequence }).IsUnique();
        // The trail outlives what it describes: no foreign key to projects or tokens.
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("audit_checkpoints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.OrganizationId).HasMaxLength(26);
        builder.Property(c => c.HeadHash).HasMaxLength(64);
        builder.Property(c => c.MasterKeyId).HasMaxLength(16);
        builder.Property(c => c.Signature).HasMaxLength(64);
        // One checkpoint per head: two nodes checkpointing the same head at once write it once.
        builder.HasIndex(c => new { c.OrganizationId, c.Sequence }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KeyJobConfiguration : IEntityTypeConfiguration<KeyJob>
{
    public void Configure(EntityTypeBuilder<KeyJob> builder)
    {
        builder.ToTable("key_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).HasMaxLength(26);
        builder.Property(j => j.ProjectId).HasMaxLength(26);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.LeaseOwner).HasMaxLength(64);
        builder.Property(j => j.Error).HasMaxLength(1000);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasOne<Project>().WithMany().HasForeignKey(j => j.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
