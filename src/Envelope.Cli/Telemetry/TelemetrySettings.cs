using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Telemetry;

/// <summary>
/// Whether telemetry is on: <c>DO_NOT_TRACK</c> forces it off, else <c>ENVELOPE_TELEMETRY</c> decides, else what
/// <c>envelope telemetry on|off</c> stored, else off.
/// </summary>
internal sealed class TelemetrySettings(CliContext context)
{
    public const string DoNotTrack = "DO_NOT_TRACK";

    public string FilePath => Path.Combine(CredentialStore.ResolveDirectory(context), "settings.json");

    public TelemetryDecision Resolve()
    {
        // The consoledonottrack.com convention: any value but "0" means the user does not want to be counted.
        if (context.GetVariable(DoNotTrack) is { } doNotTrack && doNotTrack != "0")
        {
            return new TelemetryDecision(false, DoNotTrack);
        }

        if (context.GetVariable(EnvironmentVariables.Telemetry) is { } variable)
        {
            // Only an explicit yes turns it on: a typo must not opt someone in.
            return new TelemetryDecision(variable is "1" or "true" or "on", EnvironmentVariables.Telemetry);
        }

        return ReadStored() is { } stored ? new TelemetryDecision(stored, "settings") : new TelemetryDecision(false, "default");
    }

    /// <summary>The stored choice; null when none was made, or the file cannot be read (which counts as off).</summary>
    public bool? ReadStored()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJson.Default.CliSettings)?.Telemetry : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Store(bool enabled)
    {
        var directory = CredentialStore.ResolveDirectory(context);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var settings = ReadStoredSettings() ?? new CliSettings();
        settings.Telemetry = enabled;
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(settings, CliJson.Default.CliSettings));
        File.Move(temporary, FilePath, overwrite: true);
    }

    private CliSettings? ReadStoredSettings()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJson.Default.CliSettings) : null;
        }
        catch (JsonException)
        {
            // A broken file is replaced: the user is stating the setting now.
            return null;
        }
    }
}

/// <summary>Whether events are sent, and what decided it: <c>DO_NOT_TRACK</c>, <c>ENVELOPE_TELEMETRY</c>, <c>settings</c> or <c>default</c>.</summary>
internal readonly record struct TelemetryDecision(bool Enabled, string Source);
