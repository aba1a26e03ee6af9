namespace Envelope.Cli.Telemetry;

/// <summary>
/// The one event a command sends when telemetry is on: exactly the members the server accepts at
/// <c>POST /api/v1/telemetry</c>, none of them taken from what the user typed but the command's own name.
/// </summary>
internal sealed record TelemetryEvent(string Event, string Name, string CliVersion, string Os, bool Success, int? DurationMs);
