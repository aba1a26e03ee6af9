using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets create NAME</c>.</summary>
internal sealed class TargetsCreateCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The target's name." };

    private readonly Option<string?> _slug = new("--slug") { Description = "The slug (default: derived from the name)." };

    private readonly Option<string?> _description = new("--description") { Description = "A description." };

    private readonly ProjectOption _project = new();

    public TargetsCreateCommand(CliContext context, GlobalOptions global)
        : base("create", "Create a target in the project.", context, global)
    {
        Arguments.Add(_name);
        Options.Add(_slug);
        Options.Add(_description);
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope targets create backend", "envelope targets create \"Web front\" --slug web --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        var request = new CreateNodeRequest { Name = parseResult.GetValue(_name)!, Slug = parseResult.GetValue(_slug), Description = parseResult.GetValue(_description) };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await session.Organization.Targets.CreateAsync(project, request, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, node, CliJson.Default.HierarchyNode, node.Slug).ConfigureAwait(false);

        await InformAsync($"Created target {node.Slug} in {project}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
