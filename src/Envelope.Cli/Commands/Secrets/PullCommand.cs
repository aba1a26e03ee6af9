using System.CommandLine;
using System.Text;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Secrets;

/// <summary><c>envelope pull</c>: the linked level's merged, decrypted values on standard output.</summary>
internal sealed class PullCommand : BaseCommand
{
    private readonly Option<PullFormat?> _format = new("--format", "-f")
    {
        Description = "dotenv (default), json (an object), or shell (export lines for eval).",
    };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    private readonly SecretFilterOptions _filters = new(names: true);

    public PullCommand(CliContext context, GlobalOptions global)
        : base("pull", """
            Print the merged secrets of the linked level (the deepest level defining a key wins), decrypted.
            """, context, global)
    {
        Options.Add(_format);
        _level.AddTo(this);
        AddOptions(_filters.Options);
        AddOptions(_key.Options);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope pull > .env", "envelope pull --format json", "eval \"$(envelope pull --format shell)\"", "envelope pull --tag db --search url", "envelope pull --name API_KEY --name DATABASE_URL"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var format = parseResult.GetValue(_format) ?? (WantsJson(parseResult) ? PullFormat.Json : PullFormat.Dotenv);
        var filters = _filters.Resolve(parseResult);
        var level = _level.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        var values = new SortedDictionary<string, string>(
            (IDictionary<string, string>)new Dictionary<string, string>(
                await SecretsGateway.PullMergedAsync(session.Organization, level, key, filters, cancellationToken, new ChainWatch(Context, session.Client.Server)).ConfigureAwait(false)),
            StringComparer.Ordinal);

        var text = format switch
        {
            PullFormat.Json => JsonSerializer.Serialize(values, CliJson.Default.SortedDictionaryStringString) + "\n",
            PullFormat.Shell => await ShellAsync(values).ConfigureAwait(false),
            _ => DotEnv.Serialize(values),
        };
        await Context.Out.WriteAsync(text).ConfigureAwait(false);
        await Context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<string> ShellAsync(SortedDictionary<string, string> values)
    {
        // A name with '.' or '-' is a valid .env key but no shell variable: left out, and said, rather than breaking the eval.
        var skipped = values.Keys.Where(name => !ChildEnvironment.IsShellName(name)).ToList();
        if (skipped.Count > 0)
        {
            await InformAsync($"Left out of the shell output, not valid shell variable names: {string.Join(", ", skipped)}.").ConfigureAwait(false);
        }

        return ToShell(values.Where(pair => ChildEnvironment.IsShellName(pair.Key)));
    }

    /// <summary>POSIX shell: each value in single quotes, a quote inside written as <c>'\''</c>.</summary>
    internal static string ToShell(IEnumerable<KeyValuePair<string, string>> values)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in values)
        {
            builder.Append("export ").Append(key).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        return builder.ToString();
    }
}

internal enum PullFormat
{
    Dotenv,
    Json,
    Shell,
}
