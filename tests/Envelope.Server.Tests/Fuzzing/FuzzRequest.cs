using System.Globalization;
using System.Text;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// One generated request: method, path (with query), headers (a name may repeat), and the raw body bytes with their
/// content headers. Immutable, so CsCheck can replay and shrink it.
/// </summary>
public sealed record FuzzRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    IReadOnlyList<string> ContentTypes)
{
    /// <summary>The path without its query string.</summary>
    public string PathOnly => Path.Split('?', 2)[0];

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            foreach (var contentType in ContentTypes)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return message;
    }

    /// <summary>What a failure prints: method, path, headers (tokens abbreviated) and a body preview.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Path.Length > 300 ? Path[..300] + $"… ({Path.Length} chars)" : Path).AppendLine();
        foreach (var (name, value) in Headers)
        {
            var shown = value.Length > 40 ? value[..40] + "…" : value;
            text.Append(name).Append(": ").Append(shown).AppendLine();
        }

        foreach (var contentType in ContentTypes)
        {
            text.Append("Content-Type: ").Append(contentType).AppendLine();
        }

        if (Body is null)
        {
            text.Append("(no body)");
        }
        else
        {
            var valid = IsUtf8(Body);
            var preview = valid
                ? Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400))
                : Convert.ToHexString(Body, 0, Math.Min(Body.Length, 200));
            text.Append(CultureInfo.InvariantCulture, $"body ({Body.Length} bytes{(valid ? string.Empty : ", invalid UTF-8, hex")}): {preview}");
        }

        return text.ToString();
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
