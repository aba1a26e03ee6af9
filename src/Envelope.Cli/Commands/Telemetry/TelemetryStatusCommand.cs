using System.CommandLine;
using Envelope.Cli.Output;
using Envelope.Cli.Telemetry;

namespace Envelope.Cli.Commands.Telemetry;

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
