namespace Envelope.Cli;

/// <summary>The variables the CLI reads, in one place so that docs/cli.md can list them.</summary>
internal static class EnvironmentVariables
{
    public const string Server = "ENVELOPE_SERVER";
    public const string Token = "ENVELOPE_TOKEN";
    public const string Organization = "ENVELOPE_ORGANIZATION";
    public const string Key = "ENVELOPE_KEY";
    public const string Passphrase = "ENVELOPE_PASSPHRASE";
    public const string NewPassphrase = "ENVELOPE_NEW_PASSPHRASE";
    public const string OldPassphrase = "ENVELOPE_OLD_PASSPHRASE";
    public const string Retries = "ENVELOPE_RETRIES";
    public const string Insecure = "ENVELOPE_INSECURE";
    public const string Telemetry = "ENVELOPE_TELEMETRY";
    public const string ConfigHome = "XDG_CONFIG_HOME";
    public const string Home = "HOME";
}
