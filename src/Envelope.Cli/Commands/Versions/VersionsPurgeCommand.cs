using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions purge</c>: deletes the history of the linked level, or of its whole project.</summary>
internal sealed class VersionsPurgeCommand : BaseCommand
{
    private readonly Option<string> _scope = new("--scope")
    {
        Description = "level (default): this level's history; project: the history of every level of the project.",
        DefaultValueFactory = _ => "level",
    };

    private readonly LevelOptions _level = new();

    private readonly Option<bool> _yes = YesOption();

    public VersionsPurgeCommand(CliContext context, GlobalOptions global)
        : base("purge", "Delete every stored version of the linked level (or, with --scope project, of the whole project) for good.", context, global)
    {
        _scope.AcceptOnlyFromAmong("level", "project");
        Options.Add(_scope);
        _level.AddTo(this);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions purge --yes", "envelope versions purge --scope project --project my-app --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var level = _level.Resolve(parseResult, Context);
        var scope = parseResult.GetValue(_scope) == "project" ? PurgeScope.Project : PurgeScope.Level;
        var what = scope == PurgeScope.Project ? $"project {level.Project}" : level.ToString();
        await ConfirmAsync(parseResult, _yes, $"deletes every stored version of {what} for good").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var deleted = await session.Organization.Versions.PurgeAsync(level, scope, cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new PurgeOutput(level.ToString(), scope == PurgeScope.Project ? "project" : "level", deleted), CliJson.Default.PurgeOutput).ConfigureAwait(false);
        }

        await InformAsync($"Purged {deleted} {(deleted == 1 ? "version" : "versions")} of {what}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
