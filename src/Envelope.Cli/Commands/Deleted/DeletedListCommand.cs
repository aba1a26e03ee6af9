using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Deleted;

/// <summary><c>envelope deleted list</c>.</summary>
internal sealed class DeletedListCommand : BaseCommand
{
    public DeletedListCommand(CliContext context, GlobalOptions global)
        : base("list", "List deleted projects, targets and environments, newest first, with when each is purged.", context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope deleted list", "envelope deleted list --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var nodes = new List<DeletedNode>();
        await foreach (var node in session.Organization.Deleted.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(node);
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(nodes, CliJson.Default.ListDeletedNode).ConfigureAwait(false);
        }
        else if (nodes.Count == 0)
        {
            await InformAsync("Nothing is in the recovery window.").ConfigureAwait(false);
        }
        else
        {
            await DeletedCommand.WriteTableAsync(Context.Out, nodes).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
