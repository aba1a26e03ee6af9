using System.Text;
using System.Text.RegularExpressions;

namespace Envelope.Server.Infrastructure;

/// <summary>Slugs name projects, targets and environments in paths: <c>^[a-z0-9]+(-[a-z0-9]+)*$</c>, at most 64 characters.</summary>
internal static partial class Slugs
{
    public const int MaxLength = 64;

    /// <summary>Words that are path segments of the API, so a slug equal to one would make a path ambiguous.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "v1", "me", "organizations", "plans", "projects", "targets", "environments", "secrets", "tokens",
        "encryption-key", "versions", "store", "retrieve", "delete", "purge", "restore", "destroy", "history", "rotate",
        "rotate-client-keys", "re-encrypt-history", "pending", "audit-events", "usage", "jobs", "keys",
    };

    public static bool IsValid(string? slug) => Problem(slug) is null;

    /// <summary>Why <paramref name="slug"/> is not a valid slug, or null when it is.</summary>
    public static string? Problem(string? slug) => slug switch
    {
        null or "" => "Must not be empty.",
        { Length: > MaxLength } => $"Must be at most {MaxLength} characters.",
        _ when !Pattern().IsMatch(slug) => "Must be lowercase letters and digits in words joined by single hyphens.",
        _ when Reserved.Contains(slug) => $"'{slug}' is reserved.",
        _ => null,
    };

    /// <summary>"My App (EU)" → "my-app-eu": the slug a resource gets when its creator names none.</summary>
    public static string FromName(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length > MaxLength ? text[..MaxLength].TrimEnd('-') : text;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
