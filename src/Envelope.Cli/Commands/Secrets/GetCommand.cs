using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;

namespace Envelope.Cli.Commands.Secrets;

/// <summary><c>envelope get KEY</c>: one merged value of the linked level.</summary>
internal sealed class GetCommand : BaseCommand
{
    private readonly Argument<string> _name = new("KEY") { Description = "The variable's name." };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    private readonly SecretFilterOptions _filters = new(names: false);

    public GetCommand(CliContext context, GlobalOptions global)
        : base("get", "Print one value of the linked level's merged secrets (the deepest level defining it wins).", context, global)
    {
        Arguments.Add(_name);
        _level.AddTo(this);
        AddOptions(_filters.Options);
        AddOptions(_key.Options);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope get DATABASE_URL", "psql \"$(envelope get DATABASE_URL -e staging -t backend)\"", "envelope get DATABASE_URL --tag db"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = parseResult.GetValue(_name)!;
        var level = _level.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        // The name is a filter too: a server-managed project then sends this one value, not the whole level.
        var filters = _filters.Resolve(parseResult, [name])!;
        var values = await SecretsGateway.PullMergedAsync(session.Organization, level, key, filters, cancellationToken, new ChainWatch(Context, session.Client.Server)).ConfigureAwait(false);
        if (!values.TryGetValue(name, out var value))
        {
            var narrowed = filters.Tags is not null || filters.Search is not null ? " with the given --tag/--search" : "";
            throw new CliException(ExitCodes.NotFound, "key_not_found", $"{name} is not set at {level}{narrowed}.");
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new ValueOutput(name, value), CliJson.Default.ValueOutput).ConfigureAwait(false);
        }
        else
        {
            await Context.Out.WriteLineAsync(value).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
