using System.CommandLine;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Secrets;

/// <summary><c>envelope push [FILE]</c>: stores a <c>.env</c> file as the linked level's secrets (a new version).</summary>
internal sealed class PushCommand : BaseCommand
{
    private readonly Argument<string> _file = new("FILE")
    {
        Description = "The .env file to push; '-' reads standard input.",
        DefaultValueFactory = _ => ".env",
    };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    public PushCommand(CliContext context, GlobalOptions global)
        : base("push", """
            Push a .env file to the linked level, replacing its secrets (the previous content stays as a version).
            Client-managed projects are encrypted here with the key from ENVELOPE_KEY or --key-file.
            """, context, global)
    {
        Arguments.Add(_file);
        _level.AddTo(this);
        AddOptions(_key.Options);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope push", "envelope push .env.production --environment production --target backend", "ENVELOPE_KEY=… envelope push secrets.env"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var level = _level.Resolve(parseResult, Context);
        var file = parseResult.GetValue(_file) ?? ".env";
        string dotenv;
        if (file == "-")
        {
            dotenv = await Context.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var path = Context.ResolvePath(file);
            if (!File.Exists(path))
            {
                throw CliException.Usage($"{path} does not exist.");
            }

            dotenv = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }

        // Parsed here first so that a mistake names its line before anything is sent.
        var keys = DotEnv.Parse(dotenv).Count;
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        // Client-managed: the key proof sent with the blob is a PBKDF2 derivation, the slow part of a push.
        var stored = key is null
            ? await SecretsGateway.PushAsync(session.Organization, level, dotenv, key, cancellationToken).ConfigureAwait(false)
            : await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), "Encrypting here and deriving the key proof (PBKDF2-SHA256)",
                () => Task.Run(() => SecretsGateway.PushAsync(session.Organization, level, dotenv, key, cancellationToken), cancellationToken)).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            var output = new PushOutput(stored.Level, stored.Source, stored.SecretId, stored.Version, keys, stored.Bytes);
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(output, CliJson.Default.PushOutput)).ConfigureAwait(false);
        }

        var version = stored.Version is { } v ? $" (version {v})" : "";
        await InformAsync($"Pushed {keys} {(keys == 1 ? "key" : "keys")} to {level}{version}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
