using System.CommandLine;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// The retrieve filters of the specification (names, tags, search) as options. Every filter given must match, as on the
/// server: the server applies them for server-managed projects, <see cref="Apply"/> does the same here after decrypting.
/// </summary>
internal sealed class SecretFilterOptions
{
    public SecretFilterOptions(bool names)
    {
        Names = names ? new("--name") { Description = "Only this key (exact name); repeat for several." } : null;
    }

    public Option<string[]>? Names { get; }

    public Option<string[]> Tags { get; } = new("--tag")
    {
        Description = "Only entries annotated '# @tags: …' with this tag (any of the tags given; case-insensitive); repeat for several.",
    };

    public Option<string?> Search { get; } = new("--search") { Description = "Only keys containing this text (case-insensitive)." };

    public IEnumerable<Option> Options => Names is null ? [Tags, Search] : [Names, Tags, Search];

    /// <summary>The filters given, with <paramref name="names"/> when the command names its keys itself; null for none.</summary>
    public SecretFilters? Resolve(ParseResult parseResult, IReadOnlyList<string>? names = null)
    {
        names ??= Names is null ? null : NullIfEmpty(parseResult.GetValue(Names));
        var tags = NullIfEmpty(parseResult.GetValue(Tags));
        var search = parseResult.GetValue(Search);
        if (search is { Length: 0 })
        {
            throw CliException.Usage("--search needs some text.");
        }

        return names is null && tags is null && search is null ? null : new SecretFilters { Names = names, Tags = tags, Search = search };
    }

    /// <summary>The entries of one level that match, with the server's rules (SecretReader.Filter).</summary>
    public static IReadOnlyList<DotEnvEntry> Apply(IReadOnlyList<DotEnvEntry> entries, SecretFilters filters) =>
        [.. entries.Where(e =>
            (filters.Names is null || filters.Names.Contains(e.Key, StringComparer.Ordinal))
            && (filters.Tags is null || e.Tags.Any(t => filters.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
            && (string.IsNullOrEmpty(filters.Search) || e.Key.Contains(filters.Search, StringComparison.OrdinalIgnoreCase)))];

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;
}
