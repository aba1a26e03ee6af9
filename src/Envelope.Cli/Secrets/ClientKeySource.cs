using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Output;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// The key of a client-managed project: --key-file (a file only its owner can read), ENVELOPE_KEY, or, for a project
/// keyed by a passphrase, the passphrase (--passphrase-file, ENVELOPE_PASSPHRASE, or --passphrase's hidden prompt) run
/// through the Argon2id parameters the project stores; failing all of those, typed at a hidden prompt when on a
/// terminal. It is never taken from argv, never sent to the server and never written anywhere; a derived key is kept in
/// memory for this process only.
/// </summary>
internal sealed class ClientKeySource
{
    private readonly Dictionary<string, string> _derived = new(StringComparer.Ordinal);

    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "File holding the client key of a client-managed project (mode 0600) [or env: ENVELOPE_KEY].",
    };

    public PassphraseInput Passphrase { get; } = new("passphrase", EnvironmentVariables.Passphrase, "the project's passphrase");

    /// <summary>Every option of the source, to add to a command.</summary>
    public IEnumerable<Option> Options => [KeyFile, Passphrase.Ask, Passphrase.File];

    /// <summary>A raw key from --key-file or ENVELOPE_KEY; null when neither gives one.</summary>
    public string? Resolve(ParseResult parseResult, CliContext context)
    {
        if (parseResult.GetValue(KeyFile) is { } file)
        {
            return ReadKeyFile(context, file);
        }

        return context.GetVariable(EnvironmentVariables.Key)?.Trim();
    }

    /// <summary>
    /// The key as <see cref="Resolve"/> finds it; else the passphrase derived with the project's current KDF metadata;
    /// failing that, on a terminal, the project is looked up and, when it is client-managed, its passphrase (when it has
    /// KDF metadata) or key is asked for without echo. Without a terminal the answer stays null (server-managed, or the
    /// server says client_managed_key).
    /// </summary>
    public async Task<string?> ResolveForProjectAsync(ParseResult parseResult, CliContext context, OrganizationClient organization, string project, CancellationToken cancellationToken, bool json = false)
    {
        if (Resolve(parseResult, context) is { } key)
        {
            return key;
        }

        var passphrase = Passphrase.Read(parseResult, context);
        if (passphrase is null && !context.IsInteractive)
        {
            return parseResult.GetValue(Passphrase.Ask)
                ? throw CliException.Usage($"--passphrase asks on a terminal; here set {EnvironmentVariables.Passphrase} or pass --passphrase-file.")
                : null;
        }

        var details = await organization.Projects.GetAsync(project, cancellationToken).ConfigureAwait(false);
        if (details.KeyManagement != KeyManagement.Client)
        {
            return null;
        }

        if (details.Kdf is { } kdf)
        {
            passphrase ??= await Passphrase.RequireAsync(parseResult, context, confirm: false).ConfigureAwait(false);
            return await DeriveAsync(context, json, passphrase, kdf, cancellationToken).ConfigureAwait(false);
        }

        if (passphrase is not null)
        {
            throw CliException.Usage($"Project {project} is keyed by a client key, not a passphrase: use --key-file or {EnvironmentVariables.Key}.");
        }

        var typed = (await HiddenInput.ReadAsync(context, $"Client key of {project} (hidden; or set {EnvironmentVariables.Key} / --key-file): ").ConfigureAwait(false)).Trim();
        return typed.Length > 0 ? typed : throw CliException.Usage("No client key was typed.");
    }

    /// <summary>
    /// The key of a key version whose metadata is already at hand (a version's key descriptor): a raw key, or the
    /// passphrase derived with <paramref name="kdf"/>; null when neither is given.
    /// </summary>
    public async Task<string?> ResolveForKeyVersionAsync(ParseResult parseResult, CliContext context, PassphraseKdfMetadata? kdf, CancellationToken cancellationToken, bool json = false)
    {
        if (Resolve(parseResult, context) is { } key)
        {
            return key;
        }

        if (kdf is null || (!Passphrase.IsRequested(parseResult) && Passphrase.Read(parseResult, context) is null))
        {
            return null;
        }

        var passphrase = await Passphrase.RequireAsync(parseResult, context, confirm: false).ConfigureAwait(false);
        return await DeriveAsync(context, json, passphrase, kdf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The project's current key: a raw key, else the passphrase derived with the project's metadata, else typed at a
    /// hidden prompt; without one (and no terminal to ask on) a usage error.
    /// </summary>
    public async Task<string> RequireForProjectAsync(ParseResult parseResult, CliContext context, OrganizationClient organization, string project, string why, CancellationToken cancellationToken, bool json = false)
    {
        if (Resolve(parseResult, context) is null && Passphrase.Read(parseResult, context) is null && !context.IsInteractive)
        {
            throw CliException.Usage($"{why}: set {EnvironmentVariables.Key} or {EnvironmentVariables.Passphrase}, or pass --key-file or --passphrase-file. Nothing was changed.");
        }

        return await ResolveForProjectAsync(parseResult, context, organization, project, cancellationToken, json).ConfigureAwait(false)
            ?? throw CliException.Usage($"{why}, but {project} is not client-managed. Nothing was changed.");
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
    public static string ReadKeyFile(CliContext context, FileInfo file) => ReadSecretFile(context, file, "key").Trim();

    /// <summary>A file holding a key or passphrase: it must exist, be readable by its owner only, and not be empty.</summary>
    public static string ReadSecretFile(CliContext context, FileInfo file, string what)
    {
        var path = context.ResolvePath(file.ToString());
        if (!File.Exists(path))
        {
            throw CliException.Usage($"The {what} file {path} does not exist.");
        }

        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            throw CliException.Usage($"The {what} file {path} can be read by others; run 'chmod 600 {path}' first.");
        }

        var text = File.ReadAllText(path);
        return text.Trim().Length > 0 ? text : throw CliException.Usage($"The {what} file {path} is empty.");
    }

    /// <summary>
    /// Argon2id with the stored parameters (checked against the client's bounds first), once per parameter set in this
    /// process: a command that needs the key twice does not pay the cost twice.
    /// </summary>
    private async Task<string> DeriveAsync(CliContext context, bool json, string passphrase, PassphraseKdfMetadata metadata, CancellationToken cancellationToken)
    {
        var kdf = metadata.ToKdf();
        var id = string.Create(CultureInfo.InvariantCulture, $"{kdf.MemoryKiB}/{kdf.Iterations}/{kdf.Parallelism}/{metadata.Salt}");
        if (_derived.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var key = await Terminal.WithIndeterminateAsync(context, json, KeyCheckProgress.Passphrase(kdf),
            () => Task.Run(() => PassphraseKey.Derive(passphrase, kdf), cancellationToken)).ConfigureAwait(false);
        _derived[id] = key;
        return key;
    }
}
