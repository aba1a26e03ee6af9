namespace Envelope.Server.Features.Telemetry;

/// <summary>What happened on the client: a command ran (<c>name</c> is the command), or the CLI ran for the first time (<c>name</c> is how it was installed).</summary>
public enum TelemetryEventKind
{
    Command,
    Install,
}
