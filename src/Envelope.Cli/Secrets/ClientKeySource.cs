using System.CommandLine;
using Envelope.Cli.Output;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Secrets;

/// <summary>
/// The key of a client-managed project: --key-file (a file only its owner can read), ENVELOPE_KEY, or typed at a hidden
/// prompt when on a terminal. It is never taken from argv, never sent to the server and never written anywhere.
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

    /// <summary>
    /// The key as <see cref="Resolve"/> finds it; failing that, on a terminal, the project is looked up and, when it is
    /// client-managed, the key is asked for without echo. Without a terminal the answer stays null (server-managed, or
    /// the server says client_managed_key).
    /// </summary>
    public async Task<string?> ResolveForProjectAsync(ParseResult parseResult, CliContext context, OrganizationClient organization, string project, CancellationToken cancellationToken)
    {
        if (Resolve(parseResult, context) is { } key)
        {
            return key;
        }

        if (!context.IsInteractive)
        {
            return null;
        }

        var details = await organization.Projects.GetAsync(project, cancellationToken).ConfigureAwait(false);
        if (details.KeyManagement != KeyManagement.Client)
        {
            return null;
        }

        var typed = (await HiddenInput.ReadAsync(context, $"Client key of {project} (hidden; or set {EnvironmentVariables.Key} / --key-file): ").ConfigureAwait(false)).Trim();
        return typed.Length > 0 ? typed : throw CliException.Usage("No client key was typed.");
    }

    /// <summary>The key, typed at a hidden prompt if need be; without one (and no terminal to ask on) a usage error.</summary>
    public async Task<string> RequireAsync(ParseResult parseResult, CliContext context, string why)
    {
        if (Resolve(parseResult, context) is { } key)
        {
            return key;
        }

        if (!context.IsInteractive)
        {
            throw CliException.Usage($"{why}: set {EnvironmentVariables.Key} or pass --key-file. Nothing was changed.");
        }

        var typed = (await HiddenInput.ReadAsync(context, "Client key (hidden): ").ConfigureAwait(false)).Trim();
        return typed.Length > 0 ? typed : throw CliException.Usage("No client key was typed. Nothing was changed.");
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
