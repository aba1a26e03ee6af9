namespace Envelope.Server.Data.Entities;

/// <summary>
/// How many anonymous CLI events of one kind arrived on one day. Nothing identifies a sender: no address, no token,
/// no machine id; only these aggregates are stored.
/// </summary>
internal sealed class TelemetryCount
{
    public DateOnly Day { get; init; }
    public required string Event { get; init; }
    public required string Name { get; init; }
    public required string CliVersion { get; init; }
    public required string Os { get; init; }
    public bool Success { get; init; }
    public long Count { get; set; }

    /// <summary>How many of the events reported a duration, and their sum: the average is the quotient.</summary>
    public long TimedCount { get; set; }

    public long TotalDurationMs { get; set; }
}
