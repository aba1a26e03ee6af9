using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("sign_in_failures");
        // The key is the upsert's conflict target.
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(400);
        // Pruning deletes by age.
        builder.HasIndex(f => f.LastFailureAt);
    }
}
