namespace Envelope.Server.Features.Telemetry;

/// <summary>One day's count of one kind of event; the average duration is over the events that reported one.</summary>
internal sealed record TelemetrySummaryRow(
    DateOnly Day, string Event, string Name, string CliVersion, string Os, bool Success, long Count, long? AverageDurationMs);
