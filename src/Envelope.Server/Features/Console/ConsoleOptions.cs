using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Console;

internal sealed class ConsoleOptions
{
    /// <summary>Minutes without a request after which a console session ends (sliding).</summary>
    [ConfigurationKeyName("ENVELOPE_CONSOLE_IDLE_MINUTES")]
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;
}
