namespace Envelope.Client.Internal;

/// <summary>Path segments, escaped: slugs and ids come from callers and must not change the path's shape.</summary>
internal static class Paths
{
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    public static string Level(string organization, LevelPath level) =>
        $"{organization}/{Segment(level.Project)}"
        + (level.Target is { } target ? $"/{Segment(target)}" : "")
        + (level.Environment is { } environment ? $"/{Segment(environment)}" : "")
        + "/secrets";
}
