using System.CommandLine;

namespace Envelope.Cli.Commands.Telemetry;

/// <summary><c>envelope telemetry on|off|status</c>: the opt-in for anonymous usage counts (off unless turned on).</summary>
internal sealed class TelemetryCommand : Command
{
    public TelemetryCommand(CliContext context, GlobalOptions global)
        : base("telemetry", """
            Anonymous usage counts, off unless you turn them on. When on, each command sends the server you are logged in
            to one event: the command's name (such as versions-list), whether it succeeded, how long it took, the CLI's
            version and the OS family. Never an argument, a key name, a value, a path, a project or an organization.
            DO_NOT_TRACK=1 turns it off whatever is stored; ENVELOPE_TELEMETRY=0/1 overrides the stored choice.
            """)
    {
        Subcommands.Add(new TelemetryStatusCommand("on", "Turn telemetry on (stored in settings.json beside the credentials).", true, context, global));
        Subcommands.Add(new TelemetryStatusCommand("off", "Turn telemetry off.", false, context, global));
        Subcommands.Add(new TelemetryStatusCommand("status", "Show whether telemetry is on, and what decided it.", null, context, global));
    }
}
