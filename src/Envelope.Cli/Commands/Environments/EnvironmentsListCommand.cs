using System.CommandLine;
using Envelope.Cli.Commands.Targets;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments list</c>.</summary>
internal sealed class EnvironmentsListCommand : BaseCommand
{
    private readonly TargetOptions _target = new();

    public EnvironmentsListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the target's environments.", context, global)
    {
        _target.AddTo(this);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope environments list", "envelope environments list --project my-app --target backend --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (project, target) = _target.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var nodes = new List<HierarchyNode>();
        await foreach (var node in session.Organization.Environments.ListAsync(project, target, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(node);
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(nodes, CliJson.Default.ListHierarchyNode).ConfigureAwait(false);
        }
        else if (nodes.Count == 0)
        {
            await InformAsync($"No environments in {project}/{target}.").ConfigureAwait(false);
        }
        else
        {
            await TargetsCommand.WriteNodesAsync(Context.Out, nodes).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
