using System.Diagnostics.CodeAnalysis;
using System.Text;
using Envelope.Crypto.Internal;

namespace Envelope.Crypto;

/// <summary>
/// Parses, writes and merges <c>.env</c> text in the dialect of dotenv and dotenvx, plus the
/// <c># @tags:</c> annotation. The dialect is specified in <c>docs/encryption.md</c>.
/// </summary>
public static class DotEnv
{
    /// <summary>Parses <c>.env</c> text.</summary>
    /// <param name="text">The text; a leading byte order mark is ignored.</param>
    /// <returns>
    /// The entries in the order their keys first appear. When a key repeats, the last occurrence wins
    /// (value and tags) and takes the position of the first.
    /// </returns>
    /// <exception cref="DotEnvFormatException">The text breaks the dialect; <see cref="DotEnvFormatException.Line"/> says where.</exception>
    public static IReadOnlyList<DotEnvEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DotEnvParser.TryParse(text, out List<DotEnvEntry>? entries, out DotEnvError error)
            ? entries
            : throw error.ToException();
    }

    /// <summary>Parses <c>.env</c> text, reporting a syntax error instead of throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="entries">The entries, as <see cref="Parse"/> returns them, when the text is valid.</param>
    /// <param name="error">A message of the form <c>Line {n}: {reason}</c> when it is not; it never quotes the text.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out IReadOnlyList<DotEnvEntry>? entries, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DotEnvParser.TryParse(text, out List<DotEnvEntry>? parsed, out DotEnvError failure))
        {
            entries = parsed;
            error = null;
            return true;
        }

        entries = null;
        error = failure.Message;
        return false;
    }

    /// <summary>
    /// Writes entries as <c>.env</c> text, one <c>KEY=value</c> line each (preceded by a <c># @tags:</c> line
    /// when the entry has tags), LF line endings. Values are quoted and escaped only when needed, and
    /// <see cref="Parse"/> reads the output back to the same entries.
    /// </summary>
    /// <param name="entries">The entries; keys must be valid and distinct, tags lowercase slugs.</param>
    /// <returns>The text; empty when there are no entries.</returns>
    /// <exception cref="ArgumentException">A key is invalid or repeated, a value is null, or a tag is not a slug.</exception>
    public static string Serialize(IEnumerable<DotEnvEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var output = new StringBuilder();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (DotEnvEntry entry in entries)
        {
            if (entry is null)
                throw new ArgumentException("An entry is null.", nameof(entries));
            DotEnvWriter.WriteEntry(output, written, entry.Key, entry.Value, entry.Tags, nameof(entries));
        }

        return output.ToString();
    }

    /// <summary>Writes key/value pairs as <c>.env</c> text, as <see cref="Serialize(IEnumerable{DotEnvEntry})"/> does for untagged entries.</summary>
    /// <param name="values">The pairs; keys must be valid and distinct.</param>
    /// <returns>The text; empty when there are no pairs.</returns>
    /// <exception cref="ArgumentException">A key is invalid or repeated, or a value is null.</exception>
    public static string Serialize(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var output = new StringBuilder();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in values)
            DotEnvWriter.WriteEntry(output, written, pair.Key, pair.Value, null, nameof(values));
        return output.ToString();
    }

    /// <summary>
    /// Merges hierarchy levels, deepest wins: pass them shallowest first (project, target, environment).
    /// A null level (one that holds no secrets) is skipped.
    /// </summary>
    /// <param name="levels">The parsed levels, shallowest first.</param>
    /// <returns>
    /// Every key of every level with the value of the deepest level that has it, in the order keys are first
    /// seen going from the shallowest level down. Enumeration follows that order.
    /// </returns>
    public static IReadOnlyDictionary<string, string> Merge(params IReadOnlyList<IReadOnlyList<DotEnvEntry>?> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var merged = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (IReadOnlyList<DotEnvEntry>? level in levels)
        {
            if (level is null)
                continue;
            foreach (DotEnvEntry entry in level)
                merged[entry.Key] = entry.Value; // replacing a value keeps the key where it first appeared
        }

        return merged;
    }
}
