using System.Globalization;

namespace Envelope.Cli.Commands;

/// <summary>30d, 12h, 90m, 2w (a number and one unit): a token's lifetime and the audit log's "since" read the same way.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan span)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2
            && int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            TimeSpan? parsed = char.ToLowerInvariant(trimmed[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                'w' => TimeSpan.FromDays(7.0 * amount),
                _ => null,
            };
            if (parsed is { } value)
            {
                span = value;
                return true;
            }
        }

        span = default;
        return false;
    }
}
