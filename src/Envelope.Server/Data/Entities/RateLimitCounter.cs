namespace Envelope.Server.Data.Entities;

/// <summary>
/// Requests counted in one partition (<c>org:…</c>, <c>ip:…</c>, …) during one window, for the database rate-limit
/// store. <see cref="WindowStart"/> is in Unix seconds, so the raw upsert needs no provider-specific date conversion.
/// </summary>
internal sealed class RateLimitCounter
{
    public required string PartitionKey { get; init; }
    public long WindowStart { get; init; }
    public int Count { get; set; }
}
