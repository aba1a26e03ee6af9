using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Deleted;

/// <summary><c>envelope deleted purge PATH|ID</c>.</summary>
internal sealed class DeletedPurgeCommand : BaseCommand
{
    private readonly Argument<string> _node = new("PATH|ID") { Description = "The deleted node's path or id." };

    private readonly Option<bool> _yes = YesOption();

    public DeletedPurgeCommand(CliContext context, GlobalOptions global)
        : base("purge", "Erase a deleted project, target or environment and its history now, for good (needs secret:purge).", context, global)
    {
        Arguments.Add(_node);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope deleted purge my-app/backend --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await DeletedCommand.FindAsync(session.Organization, parseResult.GetValue(_node)!, cancellationToken).ConfigureAwait(false);
        await ConfirmAsync(parseResult, _yes, $"erases {node.Kind} {node.Path} and its {node.Versions} version(s) for good").ConfigureAwait(false);
        var slug = node.Environment ?? node.Target ?? node.Project;
        await session.Organization.Deleted.PurgeAsync(node.Id, slug, cancellationToken).ConfigureAwait(false);
        await ReportDeletedAsync(parseResult, node.Path, $"Purged {node.Kind} {node.Path} for good.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
