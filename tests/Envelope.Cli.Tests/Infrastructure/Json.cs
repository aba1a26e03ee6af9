using System.Text.Json;

namespace Envelope.Cli.Tests.Infrastructure;

public static class Json
{
    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
