using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets list</c>.</summary>
internal sealed class TargetsListCommand : BaseCommand
{
    private readonly ProjectOption _project = new();

    public TargetsListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the project's targets.", context, global)
    {
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope targets list", "envelope targets list --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var nodes = new List<HierarchyNode>();
        await foreach (var node in session.Organization.Targets.ListAsync(project, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(node);
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(nodes, CliJson.Default.ListHierarchyNode).ConfigureAwait(false);
        }
        else if (nodes.Count == 0)
        {
            await InformAsync($"No targets in {project}.").ConfigureAwait(false);
        }
        else
        {
            await TargetsCommand.WriteNodesAsync(Context.Out, nodes).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
