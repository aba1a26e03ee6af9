using System.Text;

namespace Envelope.Crypto;

/// <summary>One variable of a <c>.env</c> document, with the tags of its <c># @tags:</c> annotation.</summary>
/// <param name="Key">The variable name, matching <c>[A-Za-z_][A-Za-z0-9_.-]*</c>.</param>
/// <param name="Value">The value, unquoted and unescaped.</param>
/// <param name="Tags">The tags, lowercase slugs in the order written; empty when the entry has none.</param>
/// <remarks>
/// Equality compares the key, the value and the tag sequence ordinally. <see cref="ToString"/> leaves the
/// value out so that an entry written to a log does not leak a secret.
/// </remarks>
public sealed record DotEnvEntry(string Key, string Value, IReadOnlyList<string> Tags)
{
    /// <summary>Initializes an entry without tags.</summary>
    /// <param name="key">The variable name.</param>
    /// <param name="value">The value.</param>
    public DotEnvEntry(string key, string value)
        : this(key, value, [])
    {
    }

    /// <summary>Compares key, value and tags ordinally.</summary>
    /// <param name="other">The entry to compare with.</param>
    /// <returns><see langword="true"/> when both entries are equal.</returns>
    public bool Equals(DotEnvEntry? other) =>
        other is not null
        && string.Equals(Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Value, other.Value, StringComparison.Ordinal)
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal);

    /// <summary>Returns a hash of the key, the value and the tags.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key, StringComparer.Ordinal);
        hash.Add(Value, StringComparer.Ordinal);
        foreach (string tag in Tags)
            hash.Add(tag, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>Describes the entry with its value redacted.</summary>
    /// <returns>For example <c>DotEnvEntry { Key = DB_URL, Value = ***, Tags = [db, prod] }</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("DotEnvEntry { Key = ").Append(Key).Append(", Value = ***, Tags = [");
        text.AppendJoin(", ", Tags);
        return text.Append("] }").ToString();
    }
}
