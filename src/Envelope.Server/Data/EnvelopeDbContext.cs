using Envelope.Server.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace Envelope.Server.Data;

/// <summary>
/// The one model of Envelope. Each database engine derives its own context so that it owns its migrations set.
/// </summary>
internal abstract class EnvelopeDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring, each key's XML encrypted under the master key (Keys/MasterKeyXmlEncryption).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<TargetEnvironment> Environments => Set<TargetEnvironment>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ApiTokenProject> ApiTokenProjects => Set<ApiTokenProject>();
    public DbSet<ProjectKey> ProjectKeys => Set<ProjectKey>();
    public DbSet<Secret> Secrets => Set<Secret>();
    public DbSet<SecretVersion> SecretVersions => Set<SecretVersion>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<KeyJob> KeyJobs => Set<KeyJob>();
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();
    public DbSet<TelemetryCount> TelemetryCounts => Set<TelemetryCount>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<UserSession> ConsoleSessions => Set<UserSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EnvelopeDbContext).Assembly);
        // OpenIddict's applications, authorizations and tokens (the OAuth server's state) live in the same database.
        modelBuilder.UseOpenIddict();
    }
}
