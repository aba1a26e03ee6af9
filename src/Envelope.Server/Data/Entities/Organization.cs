namespace Envelope.Server.Data.Entities;

internal sealed class Organization
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string PlanName { get; set; }
    public Plan? Plan { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How long a deleted project, target or environment stays restorable before the purge job erases it.</summary>
    public int RecoveryWindowDays { get; set; } = DefaultRecoveryWindowDays;

    public const int DefaultRecoveryWindowDays = 7;
    public const int MinRecoveryWindowDays = 1;
    public const int MaxRecoveryWindowDays = 30;

    /// <summary>How long a new token lives when its create request names no expiry (docs/api.md, Tokens).</summary>
    public int DefaultTokenExpiryDays { get; set; } = DefaultTokenExpiry;

    public const int DefaultTokenExpiry = 90;
    public const int MinTokenExpiryDays = 1;
    public const int MaxTokenExpiryDays = 3650;
}
