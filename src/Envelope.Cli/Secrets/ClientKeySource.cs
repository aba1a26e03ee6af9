using System.CommandLine;

namespace Envelope.Cli.Secrets;

/// <summary>
/// The key of a client-managed project: ENVELOPE_KEY, or --key-file (a file only its owner can read). It is never taken
/// from argv, never sent to the server and never written anywhere.
/// </summary>
internal sealed class ClientKeySource
{
    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "File holding the client key of a client-managed project (mode 0600) [or env: ENVELOPE_KEY].",
    };

    public string? Resolve(ParseResult parseResult, CliContext context)
    {
        if (parseResult.GetValue(KeyFile) is { } file)
        {
            return ReadKeyFile(context, file);
        }

        return context.GetVariable(EnvironmentVariables.Key)?.Trim();
    }

    /// <summary>A key file: it must exist, be readable by its owner only, and not be empty.</summary>
    public static string ReadKeyFile(CliContext context, FileInfo file)
    {
        {
            var path = context.ResolvePath(file.ToString());
            if (!File.Exists(path))
            {
                throw CliException.Usage($"The key file {path} does not exist.");
            }

            if (!OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                throw CliException.Usage($"The key file {path} can be read by others; run 'chmod 600 {path}' first.");
            }

            var key = File.ReadAllText(path).Trim();
            return key.Length > 0 ? key : throw CliException.Usage($"The key file {path} is empty.");
        }
    }
}
