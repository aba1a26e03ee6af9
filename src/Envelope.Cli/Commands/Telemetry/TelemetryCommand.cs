using System.CommandLine;
using Envelope.Cli.Output;
using Envelope.Cli.Telemetry;

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

/// <summary>One of <c>telemetry on</c>, <c>off</c> and <c>status</c>: each stores its choice (if any), then reports the state.</summary>
internal sealed class TelemetryStatusCommand(string name, string description, bool? store, CliContext context, GlobalOptions global)
    : BaseCommand(name, description, context, global)
{
    public override IReadOnlyList<string> Examples { get; } = [$"envelope telemetry {name}", $"envelope telemetry {name} --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var settings = new TelemetrySettings(Context);
        if (store is { } enabled)
        {
            settings.Store(enabled);
        }

        var decision = settings.Resolve();
        var stored = settings.ReadStored();
        var output = new TelemetryStatusOutput(decision.Enabled, decision.Source, stored, settings.FilePath);
        var line = (decision.Enabled ? "Telemetry is on" : "Telemetry is off") + decision.Source switch
        {
            TelemetrySettings.DoNotTrack => $" (DO_NOT_TRACK is set{(stored == true ? "; 'on' is stored but has no effect while it is" : "")}).",
            EnvironmentVariables.Telemetry => $" ({EnvironmentVariables.Telemetry} overrides the stored choice).",
            "settings" => $" ({settings.FilePath}).",
            _ => " (the default; 'envelope telemetry on' to help).",
        };
        await WriteResultAsync(parseResult, output, CliJson.Default.TelemetryStatusOutput, line).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
