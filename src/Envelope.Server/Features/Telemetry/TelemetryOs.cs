namespace Envelope.Server.Features.Telemetry;

/// <summary>The operating system family only: nothing finer, so that no combination of fields narrows down a machine.</summary>
public enum TelemetryOs
{
    Linux,
    Macos,
    Windows,
    Freebsd,
    Other,
}
