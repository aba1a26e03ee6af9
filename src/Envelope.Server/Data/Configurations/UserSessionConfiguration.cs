using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Envelope.Server.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("console_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.UserId).HasMaxLength(26);
        builder.Property(s => s.Device).HasMaxLength(UserSession.DeviceLength);
        builder.Property(s => s.Address).HasMaxLength(UserSession.AddressLength);
        builder.Property(s => s.RevokedReason).HasMaxLength(32);
        builder.HasIndex(s => s.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
