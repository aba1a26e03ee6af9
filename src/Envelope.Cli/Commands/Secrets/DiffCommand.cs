using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Crypto;
using Spectre.Console;

namespace Envelope.Cli.Commands.Secrets;

/// <summary>
/// <c>envelope diff</c>: a local .env file against the level on the server (what a push would change), or one version
/// against another (or against the level now). Everything is decrypted here; values are masked unless --show-values.
/// </summary>
internal sealed class DiffCommand : BaseCommand
{
    private readonly Argument<string?> _file = new("FILE")
    {
        Description = "The local .env file (default .env; '-' reads standard input). Not with --from.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<long?> _from = new("--from") { Description = "Compare from this version (see 'envelope versions list') instead of a file." };

    private readonly Option<long?> _to = new("--to") { Description = "With --from: compare to this version (default: the level's current secrets)." };

    private readonly Option<bool> _merged = new("--merged") { Description = "Compare with the merged values (what pull and run see) instead of the level's own." };

    private readonly Option<bool> _showValues = new("--show-values") { Description = "Print the values that differ (masked by default)." };

    private readonly Option<FileInfo?> _oldKeyFile = new("--old-key-file") { Description = "A retired client key (mode 0600), for versions under an older key." };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    public DiffCommand(CliContext context, GlobalOptions global)
        : base("diff", """
            Show which keys differ: a local .env file against the level on the server (+ only in the file, - only on the
            server, ~ different value), or version --from against version --to (default: the level now).
            Decrypted here; values are masked unless --show-values. Exit code 0: no differences, 9: differences.
            """, context, global)
    {
        Arguments.Add(_file);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_merged);
        Options.Add(_showValues);
        _level.AddTo(this);
        AddOptions(_key.Options);
        Options.Add(_oldKeyFile);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope diff                      # .env against the linked level: what 'envelope push' would change",
        "envelope diff .env.production -e production -t backend --show-values",
        "envelope diff --from 41 --to 42 --json",
        "envelope diff --from 41            # version 41 against the level now",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var json = WantsJson(parseResult);
        var from = parseResult.GetValue(_from);
        var to = parseResult.GetValue(_to);
        var file = parseResult.GetValue(_file);
        if (to is not null && from is null)
        {
            throw CliException.Usage("--to goes with --from.");
        }

        if (from is not null && file is not null)
        {
            throw CliException.Usage("Compare a file or versions (--from), not both.");
        }

        var merged = parseResult.GetValue(_merged);
        var level = _level.Resolve(parseResult, Context);
        string? localText = null;
        if (from is null)
        {
            localText = await ReadLocalAsync(file ?? ".env", cancellationToken).ConfigureAwait(false);
        }

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        var keys = new List<string>();
        if (key is not null)
        {
            keys.Add(key);
        }

        if (parseResult.GetValue(_oldKeyFile) is { } old)
        {
            keys.Add(ClientKeySource.ReadKeyFile(Context, old));
        }

        var levelName = merged ? $"{level} (merged)" : level.ToString();
        IReadOnlyDictionary<string, string> before, after;
        string fromName, toName;
        if (from is { } fromId)
        {
            before = await VersionContent.ReadValuesAsync(session.Organization, fromId, keys, cancellationToken).ConfigureAwait(false);
            fromName = string.Create(CultureInfo.InvariantCulture, $"version {fromId}");
            if (to is { } toId)
            {
                after = await VersionContent.ReadValuesAsync(session.Organization, toId, keys, cancellationToken).ConfigureAwait(false);
                toName = string.Create(CultureInfo.InvariantCulture, $"version {toId}");
            }
            else
            {
                after = await SecretsGateway.PullLevelAsync(session.Organization, level, key, merged, cancellationToken).ConfigureAwait(false);
                toName = levelName;
            }
        }
        else
        {
            before = await SecretsGateway.PullLevelAsync(session.Organization, level, key, merged, cancellationToken).ConfigureAwait(false);
            fromName = levelName;
            after = VersionContent.ToValues(localText!);
            toName = file ?? ".env";
        }

        var diff = SecretsDiff.Compare(before, after);
        var showValues = parseResult.GetValue(_showValues);
        if (json)
        {
            var changes = diff.Changes.Select(c => new DiffChangeOutput(c.Key, c.Kind.ToString().ToLowerInvariant(), showValues ? c.From : null, showValues ? c.To : null)).ToList();
            await WriteJsonAsync(new DiffOutput(fromName, toName, diff.HasChanges, changes, diff.Unchanged), CliJson.Default.DiffOutput).ConfigureAwait(false);
        }
        else
        {
            WriteText(diff, fromName, toName, showValues);
            await InformAsync(string.Create(CultureInfo.InvariantCulture,
                $"{diff.Changes.Count(c => c.Kind == SecretChangeKind.Added)} added, {diff.Changes.Count(c => c.Kind == SecretChangeKind.Removed)} removed, {diff.Changes.Count(c => c.Kind == SecretChangeKind.Changed)} changed, {diff.Unchanged} unchanged.")).ConfigureAwait(false);
        }

        return diff.HasChanges ? ExitCodes.Different : ExitCodes.Success;
    }

    private async Task<string> ReadLocalAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        if (file == "-")
        {
            text = await Context.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var path = Context.ResolvePath(file);
            text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : throw CliException.Usage($"{path} does not exist.");
        }

        // Parsed before anything is sent, so that a mistake names its line.
        _ = DotEnv.Parse(text);
        return text;
    }

    private void WriteText(SecretsDiff diff, string fromName, string toName, bool showValues)
    {
        var colours = Terminal.ColoursOnOutput(Context, json: false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Context.Out),
            Ansi = colours ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // A diff line can be longer than the terminal: no wrapping, it would break scripts reading the lines.
        console.Profile.Width = int.MaxValue / 2;
        console.MarkupLine($"[bold]--- {Markup.Escape(fromName)}[/]");
        console.MarkupLine($"[bold]+++ {Markup.Escape(toName)}[/]");
        foreach (var change in diff.Changes)
        {
            var (sign, colour) = change.Kind switch
            {
                SecretChangeKind.Added => ("+", "green"),
                SecretChangeKind.Removed => ("-", "red"),
                _ => ("~", "yellow"),
            };
            var text = change.Key;
            if (showValues)
            {
                text += change.Kind switch
                {
                    SecretChangeKind.Added => "=" + Escape(change.To!),
                    SecretChangeKind.Removed => "=" + Escape(change.From!),
                    _ => $"={Escape(change.From!)} -> {Escape(change.To!)}",
                };
            }

            console.MarkupLine($"[{colour}]{sign} {Markup.Escape(text)}[/]");
        }
    }

    // One change, one line: line breaks inside a value are shown as \n.
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
