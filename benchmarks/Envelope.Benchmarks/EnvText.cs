using System.Globalization;
using System.Text;

namespace Envelope.Benchmarks;

/// <summary>Deterministic .env documents shaped like real ones: comments, tags, URLs, quoted values.</summary>
internal static class EnvText
{
    public static string OfLength(int length)
    {
        var text = new StringBuilder(length + 64);
        for (int i = 0; text.Length < length; i++)
            AppendEntry(text, "KEY", i);
        return text.ToString(0, length);
    }

    /// <summary>Keys <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public static string Level(string name, int first, int count)
    {
        var text = new StringBuilder().Append("# ").Append(name).Append(" level\n\n");
        for (int i = first; i < first + count; i++)
            AppendEntry(text, "KEY", i);
        return text.ToString();
    }

    private static void AppendEntry(StringBuilder text, string prefix, int i)
    {
        string key = prefix + "_" + i.ToString("D4", CultureInfo.InvariantCulture);
        switch (i % 5)
        {
            case 0:
                text.Append("# @tags: db, prod\n").Append(key).Append("=postgres://app:s3cr3t@db-").Append(i).Append(".internal:5432/app\n");
                break;
            case 1:
                text.Append(key).Append("=\"a value with spaces ").Append(i).Append("\"\n");
                break;
            case 2:
                text.Append("# the API token for service ").Append(i).Append('\n').Append(key).Append("=tok_").Append(i).Append("_0123456789abcdef\n");
                break;
            case 3:
                text.Append(key).Append("='single quoted ").Append(i).Append("'\n");
                break;
            default:
                text.Append(key).Append('=').Append(i % 2 == 0 ? "true" : "false").Append('\n');
                break;
        }
    }
}
