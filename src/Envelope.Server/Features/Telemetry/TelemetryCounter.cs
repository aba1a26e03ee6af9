using System.Text.Json;
using Envelope.Server.Data;

namespace Envelope.Server.Features.Telemetry;

/// <summary>Adds one event to its day's aggregate with a single upsert, so concurrent events on any node all count.</summary>
internal static class TelemetryCounter
{
    public static Task<int> RecordAsync(EnvelopeDbContext db, DateOnly day, TelemetryEventRequest e, CancellationToken cancellationToken)
    {
        var kind = Wire(e.Event!.Value);
        var os = Wire(e.Os!.Value);
        var success = e.Success!.Value;
        var timed = e.DurationMs is null ? 0L : 1L;
        var duration = (long)(e.DurationMs ?? 0);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO telemetry_counts ("Day", "Event", "Name", "CliVersion", "Os", "Success", "Count", "TimedCount", "TotalDurationMs")
            VALUES ({day}, {kind}, {e.Name}, {e.CliVersion}, {os}, {success}, 1, {timed}, {duration})
            ON CONFLICT ("Day", "Event", "Name", "CliVersion", "Os", "Success") DO UPDATE SET
                "Count" = telemetry_counts."Count" + 1,
                "TimedCount" = telemetry_counts."TimedCount" + excluded."TimedCount",
                "TotalDurationMs" = telemetry_counts."TotalDurationMs" + excluded."TotalDurationMs"
            """, cancellationToken);
    }

    /// <summary>The enum as the API spells it (<c>macos</c>), so stored values read like the requests that made them.</summary>
    public static string Wire<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
