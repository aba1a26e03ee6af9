using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Workspace;

/// <summary>
/// <c>envelope init NAME</c>: a new project (optionally a target and an environment in it) and this directory linked to
/// it, in one step. With --client-managed a new client key is generated here; the server only ever sees its key check.
/// </summary>
internal sealed class InitCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The project's name (its slug is derived from it unless --slug)." };

    private readonly Option<string?> _slug = new("--slug") { Description = "The project's slug." };

    private readonly Option<string?> _target = new("--target", "-t") { Description = "Also create this target and link to it." };

    private readonly Option<string?> _environment = new("--environment", "-e") { Description = "Also create this environment (in --target) and link to it." };

    private readonly Option<bool> _clientManaged = new("--client-managed") { Description = "Generate a client key here; the server never sees it and cannot decrypt." };

    private readonly Option<FileInfo?> _newKeyFile = new("--new-key-file") { Description = "With --client-managed: write the new key to this file (created 0600) instead of printing it." };

    private readonly Option<FileInfo?> _keyFile = new("--key-file") { Description = "Client-managed, with a key you already have: this file's (mode 0600; base64 of 32 bytes) instead of a generated one." };

    private readonly PassphraseInput _passphrase = new("passphrase", EnvironmentVariables.Passphrase, "the new project's passphrase");

    private readonly PassphraseKdfOptions _kdf = new();

    public InitCommand(CliContext context, GlobalOptions global)
        : base("init", """
            Create a project (and optionally a target and environment in it) and link this directory to it.
            With --client-managed, a new client key is generated here and shown once (or written to --new-key-file):
            keep it safe, the server never has it and nobody can recover it.
            """, context, global)
    {
        Arguments.Add(_name);
        Options.Add(_slug);
        Options.Add(_target);
        Options.Add(_environment);
        Options.Add(_clientManaged);
        Options.Add(_newKeyFile);
        Options.Add(_keyFile);
        Options.Add(_passphrase.Ask);
        Options.Add(_passphrase.File);
        Options.Add(_kdf.MemoryKib);
        Options.Add(_kdf.Iterations);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope init my-app",
        "envelope init my-app --target backend --environment production",
        "envelope init vault --client-managed --new-key-file ~/.config/envelope/vault.key",
        "envelope init vault --client-managed --passphrase",
        "ENVELOPE_PASSPHRASE=… envelope init vault --client-managed --passphrase --json",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetRequiredValue(_name);
        var target = parseResult.GetValue(_target);
        var environment = parseResult.GetValue(_environment);
        var withPassphrase = _passphrase.IsRequested(parseResult);
        var ownKeyFile = parseResult.GetValue(_keyFile);
        var clientManaged = parseResult.GetValue(_clientManaged) || withPassphrase || ownKeyFile is not null;
        if (environment is not null && target is null)
        {
            throw CliException.Usage("An environment belongs to a target: pass --target too.");
        }

        if (parseResult.GetValue(_newKeyFile) is not null && (!clientManaged || withPassphrase || ownKeyFile is not null))
        {
            throw CliException.Usage("--new-key-file goes with --client-managed and a generated key (not --passphrase or --key-file).");
        }

        if (withPassphrase && ownKeyFile is not null)
        {
            throw CliException.Usage("Use either --passphrase or --key-file.");
        }

        if (_kdf.IsGiven(parseResult) && !withPassphrase)
        {
            throw CliException.Usage("--kdf-memory-kib and --kdf-iterations go with --passphrase.");
        }

        // Checked before anything is sent: a weak key or an unreadable passphrase must not leave a half-made project.
        var ownKey = ownKeyFile is null ? null : RawKeyStrength.EnsureFull(ClientKeySource.ReadKeyFile(Context, ownKeyFile), "The key in --key-file");
        var passphrase = withPassphrase ? await _passphrase.RequireAsync(parseResult, Context, confirm: true).ConfigureAwait(false) : null;
        var kdf = withPassphrase ? _kdf.Create(parseResult) : null;

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var request = new CreateProjectRequest { Name = name, Slug = parseResult.GetValue(_slug) };
        string? newKey = null;
        string? newKeyPath = null;
        if (passphrase is not null && kdf is not null)
        {
            (request, _) = await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.NewPassphrase(kdf),
                () => Task.Run(() => ClientManagedSecrets.CreatePassphraseProjectRequest(name, passphrase, request.Slug, kdf), cancellationToken)).ConfigureAwait(false);
        }
        else if (ownKey is not null)
        {
            request = await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.Description,
                () => Task.Run(() => ClientManagedSecrets.CreateProjectRequest(name, ownKey, request.Slug), cancellationToken)).ConfigureAwait(false);
        }
        else if (clientManaged)
        {
            newKey = ClientKey.Generate();
            if (parseResult.GetValue(_newKeyFile) is { } file)
            {
                // Before the project exists: a key that cannot be written must not leave a project nobody can open.
                newKeyPath = Context.ResolvePath(file.ToString());
                NewKeyFile.Write(newKeyPath, newKey);
            }

            request = await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.Description,
                () => Task.Run(() => ClientManagedSecrets.CreateProjectRequest(name, newKey, request.Slug), cancellationToken)).ConfigureAwait(false);
        }

        var organization = session.Organization;
        var project = await organization.Projects.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (target is not null)
        {
            target = (await organization.Targets.CreateAsync(project.Slug, new CreateNodeRequest { Name = target }, cancellationToken).ConfigureAwait(false)).Slug;
            if (environment is not null)
            {
                environment = (await organization.Environments.CreateAsync(project.Slug, target, new CreateNodeRequest { Name = environment }, cancellationToken).ConfigureAwait(false)).Slug;
            }
        }

        var linkPath = LinkFile.Write(Context, new ProjectLink { Project = project.Slug, Target = target, Environment = environment });
        var level = new LevelPath(project.Slug, target, environment);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new InitOutput(project.Slug, target, environment, clientManaged ? "client" : "server", linkPath,
                newKeyPath is null ? newKey : null, newKeyPath, passphrase is not null), CliJson.Default.InitOutput).ConfigureAwait(false);
        }
        else if (newKey is not null && newKeyPath is null)
        {
            await Context.Out.WriteLineAsync(newKey).ConfigureAwait(false);
        }

        await InformAsync($"Created {level} ({(clientManaged ? "client" : "server")}-managed keys) and linked {Context.WorkingDirectory} to it ({LinkFile.FileName}).").ConfigureAwait(false);
        if (passphrase is not null)
        {
            await InformAsync($"The key is derived from the passphrase (Argon2id, parameters stored with the project). Use it with --passphrase, --passphrase-file FILE or {EnvironmentVariables.Passphrase}; the server never had it: forgotten, it cannot be recovered.").ConfigureAwait(false);
        }
        else if (ownKey is not null)
        {
            await InformAsync($"The project uses the key in {ownKeyFile}: use it with --key-file or {EnvironmentVariables.Key}.").ConfigureAwait(false);
        }
        else if (clientManaged)
        {
            await InformAsync(newKeyPath is not null
                ? $"The client key is in {newKeyPath} (mode 0600). Use it with --key-file {newKeyPath}, or ENVELOPE_KEY=\"$(cat {newKeyPath})\"; keep a copy in a password manager: the server never had it and it cannot be recovered."
                : "warning: the line above is the project's client key, shown only once. Keep it in a password manager now, and for this machine in a file only you can read (chmod 600), used with --key-file FILE or ENVELOPE_KEY=\"$(cat FILE)\". The server never had it: lost, it cannot be recovered.").ConfigureAwait(false);
        }

        await InformAsync("Next: put values in .env and run 'envelope push', then 'envelope run -- COMMAND'.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
