namespace Envelope.Cli.Secrets;

/// <summary>How two sets of values differ, key by key, in ordinal key order.</summary>
internal sealed record SecretsDiff(IReadOnlyList<SecretChange> Changes, int Unchanged)
{
    public bool HasChanges => Changes.Count > 0;

    public static SecretsDiff Compare(IReadOnlyDictionary<string, string> from, IReadOnlyDictionary<string, string> to)
    {
        var changes = new List<SecretChange>();
        var unchanged = 0;
        foreach (var key in from.Keys.Union(to.Keys).Order(StringComparer.Ordinal))
        {
            var before = from.TryGetValue(key, out var b) ? b : null;
            var after = to.TryGetValue(key, out var a) ? a : null;
            if (before is null)
            {
                changes.Add(new SecretChange(key, SecretChangeKind.Added, null, after));
            }
            else if (after is null)
            {
                changes.Add(new SecretChange(key, SecretChangeKind.Removed, before, null));
            }
            else if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new SecretChange(key, SecretChangeKind.Changed, before, after));
            }
            else
            {
                unchanged++;
            }
        }

        return new SecretsDiff(changes, unchanged);
    }
}

internal sealed record SecretChange(string Key, SecretChangeKind Kind, string? From, string? To);

internal enum SecretChangeKind
{
    Added,
    Removed,
    Changed,
}
