using System.Text.Json;
using Envelope.Cli.Output;

namespace Envelope.Cli.Configuration;

/// <summary><c>.envelope.json</c> in the working directory. It names a level only, never a token or a key.</summary>
internal static class LinkFile
{
    public const string FileName = ".envelope.json";

    public static string PathIn(CliContext context) => Path.Combine(context.WorkingDirectory, FileName);

    public static ProjectLink? Read(CliContext context)
    {
        var path = PathIn(context);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJson.Default.ProjectLink);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Usage, "invalid_link", $"{path} is not valid; run 'envelope link' again.");
        }
    }

    public static string Write(CliContext context, ProjectLink link)
    {
        var path = PathIn(context);
        File.WriteAllText(path, JsonSerializer.Serialize(link, CliJson.Default.ProjectLink) + "\n");
        return path;
    }
}
