using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects create NAME</c>; with --client-managed, its key check is made from ENVELOPE_KEY / --key-file.</summary>
internal sealed class ProjectsCreateCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The project's name." };

    private readonly Option<string?> _slug = new("--slug") { Description = "The slug (default: derived from the name)." };

    private readonly Option<string?> _description = new("--description") { Description = "A description." };

    private readonly Option<bool> _clientManaged = new("--client-managed") { Description = "Encrypt on the clients with a key the server never sees (ENVELOPE_KEY or --key-file)." };

    private readonly Option<string?> _history = new("--history") { Description = "What a key rotation does with old versions: keep or re_encrypt." };

    private readonly ClientKeySource _key = new();

    private readonly PassphraseInput _passphrase = new("passphrase", EnvironmentVariables.Passphrase, "the new project's passphrase");

    private readonly PassphraseKdfOptions _kdf = new();

    public ProjectsCreateCommand(CliContext context, GlobalOptions global)
        : base("create", "Create a project (server-managed keys unless --client-managed).", context, global)
    {
        _history.AcceptOnlyFromAmong("keep", "re_encrypt");
        Arguments.Add(_name);
        Options.Add(_slug);
        Options.Add(_description);
        Options.Add(_clientManaged);
        Options.Add(_history);
        Options.Add(_key.KeyFile);
        Options.Add(_passphrase.Ask);
        Options.Add(_passphrase.File);
        Options.Add(_kdf.MemoryKib);
        Options.Add(_kdf.Iterations);
    }

    public override IReadOnlyList<string> Examples { get; } =
        [
            "envelope projects create \"My App\"", "envelope projects create api --slug api --description \"The API\" --json",
            "ENVELOPE_KEY=… envelope projects create vault --client-managed", "envelope projects create vault --client-managed --passphrase",
        ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetValue(_name)!;
        var slug = parseResult.GetValue(_slug);
        HistoryPolicy? history = parseResult.GetValue(_history) switch
        {
            "keep" => HistoryPolicy.Keep,
            "re_encrypt" => HistoryPolicy.ReEncrypt,
            _ => null,
        };
        CreateProjectRequest? keyed = null;
        var withPassphrase = _passphrase.IsRequested(parseResult);
        if (_kdf.IsGiven(parseResult) && !withPassphrase)
        {
            throw CliException.Usage("--kdf-memory-kib and --kdf-iterations go with --passphrase.");
        }

        if (withPassphrase)
        {
            if (parseResult.GetValue(_key.KeyFile) is not null)
            {
                throw CliException.Usage("Use either --passphrase or --key-file.");
            }

            var passphrase = await _passphrase.RequireAsync(parseResult, Context, confirm: true).ConfigureAwait(false);
            var kdf = _kdf.Create(parseResult);
            (keyed, _) = await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.NewPassphrase(kdf),
                () => Task.Run(() => ClientManagedSecrets.CreatePassphraseProjectRequest(name, passphrase, slug, kdf), cancellationToken)).ConfigureAwait(false);
        }
        else if (parseResult.GetValue(_clientManaged))
        {
            var key = RawKeyStrength.EnsureFull(await _key.RequireAsync(parseResult, Context, "A client-managed project needs its key").ConfigureAwait(false), "The client key");
            keyed = await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.Description,
                () => Task.Run(() => ClientManagedSecrets.CreateProjectRequest(name, key, slug), cancellationToken)).ConfigureAwait(false);
        }

        var request = new CreateProjectRequest
        {
            Name = name,
            Slug = slug,
            Description = parseResult.GetValue(_description),
            HistoryPolicy = history,
            KeyManagement = keyed?.KeyManagement,
            KeyCheck = keyed?.KeyCheck,
            KeyCheckSalt = keyed?.KeyCheckSalt,
            KeyCheckIterations = keyed?.KeyCheckIterations,
            Kdf = keyed?.Kdf,
        };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var project = ProjectOutput.From(await session.Organization.Projects.CreateAsync(request, cancellationToken).ConfigureAwait(false));
        await WriteResultAsync(parseResult, project, CliJson.Default.ProjectOutput, project.Slug).ConfigureAwait(false);

        await InformAsync($"Created project {project.Slug} ({project.KeyManagement}-managed keys).").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
