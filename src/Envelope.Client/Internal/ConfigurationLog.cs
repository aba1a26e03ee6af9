using Microsoft.Extensions.Logging;

namespace Envelope.Client.Internal;

/// <summary>The provider's log lines: where and why, never a value.</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(1, LogLevel.Warning, "Reloading the Envelope secrets of {Where} failed: {Reason}. The values loaded before stay in use.")]
    public static partial void ReloadFailed(ILogger logger, string where, string reason, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "The Envelope secrets of {Where} changed; the configuration was reloaded with {Count} keys.")]
    public static partial void Reloaded(ILogger logger, string where, int count);
}
