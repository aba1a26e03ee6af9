namespace Envelope.Cli.Telemetry;

/// <summary>The CLI's own settings file, <c>settings.json</c> beside the credentials.</summary>
internal sealed class CliSettings
{
    /// <summary>Whether the user turned telemetry on (true) or off (false); null when never asked, which means off.</summary>
    public bool? Telemetry { get; set; }
}
