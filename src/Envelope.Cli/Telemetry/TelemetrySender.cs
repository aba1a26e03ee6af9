using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Telemetry;

/// <summary>
/// Sends one event after a command, when telemetry is on and the user is logged in to the server the command used.
/// Bounded by <see cref="CliContext.TelemetryTimeout"/> and silent: it neither fails nor reports anything.
/// </summary>
internal static partial class TelemetrySender
{
    /// <summary>The longest duration the server accepts (a day); a longer <c>run</c> reports none.</summary>
    private const long MaxDurationMs = 86_400_000;

    public static async Task SendAsync(CliContext context, ParseResult parseResult, GlobalOptions global, bool success, TimeSpan duration)
    {
        try
        {
            if (CommandName(parseResult) is not { } name || CliVersion() is not { } version || !new TelemetrySettings(context).Resolve().Enabled)
            {
                return;
            }

            var stored = new CredentialStore(context).Read();
            var server = Session.ResolveServer(parseResult, global, context, stored);
            var loggedIn = context.GetVariable(EnvironmentVariables.Token) is not null || (stored is not null && Session.SameServer(stored.Server, server));
            if (!loggedIn)
            {
                return;
            }

            var milliseconds = (long)duration.TotalMilliseconds;
            var telemetryEvent = new TelemetryEvent("command", name, version, Os(), success, milliseconds <= MaxDurationMs ? (int)milliseconds : null);
            using var timeout = new CancellationTokenSource(context.TelemetryTimeout);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(telemetryEvent, CliJson.Default.TelemetryEvent));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var endpoint = new Uri(new Uri(server.ToString().TrimEnd('/') + "/"), "api/v1/telemetry");
            using var response = await http.PostAsync(endpoint, content, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Telemetry must never fail or slow a command: whatever goes wrong, the event is dropped.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// The command's path as a slug (<c>versions-list</c>, <c>secrets-clear</c>), never an argument or an option. Null when
    /// no command of ours ran: the root (help), <c>--help</c>, <c>--version</c>, a parse error, or <c>telemetry</c> itself.
    /// </summary>
    internal static string? CommandName(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (parseResult.Errors.Count > 0 || command.Action is null || !ReferenceEquals(parseResult.Action, command.Action))
        {
            return null;
        }

        var names = new List<string>();
        for (var result = parseResult.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names.Count == 0 || names[0] == "telemetry" ? null : string.Join('-', names);
    }

    /// <summary><c>MAJOR.MINOR.PATCH[-prerelease]</c> without the <c>+build</c> (a commit id), as the server requires.</summary>
    internal static string? CliVersion()
    {
        var informational = typeof(TelemetrySender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0];
        return version is not null && version.Length <= 32 && VersionPattern().IsMatch(version) ? version : null;
    }

    internal static string Os() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsMacOS() ? "macos"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "other";

    [GeneratedRegex(@"^[0-9]{1,5}\.[0-9]{1,5}\.[0-9]{1,5}(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$")]
    private static partial Regex VersionPattern();
}
