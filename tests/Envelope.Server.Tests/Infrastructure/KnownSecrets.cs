using System.Collections.Concurrent;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>
/// Every token, key, key proof, password and secret value the tests hand to a server. When a test server is disposed,
/// its captured log lines (messages, state and exceptions) are searched for all of them: one hit fails the run.
/// </summary>
public static class KnownSecrets
{
    // Shorter strings ("1", "old") occur in log lines by chance; every registered secret is at least this long.
    private const int MinimumLength = 8;
    private static readonly ConcurrentDictionary<string, byte> Values = new(StringComparer.Ordinal);

    public static string Register(string secret)
    {
        if (secret.Length >= MinimumLength)
        {
            Values.TryAdd(secret, 0);
        }

        return secret;
    }

    /// <summary>The registered secrets that appear in any of <paramref name="lines"/>.</summary>
    public static IReadOnlyList<string> FoundIn(IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines);
        return [.. Values.Keys.Where(secret => text.Contains(secret, StringComparison.Ordinal))];
    }
}
