using System.CommandLine;
using Envelope.Cli.Commands.Workspace;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets update SLUG</c>: a new name, slug or description; what is not given stays.</summary>
internal sealed class TargetsUpdateCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The target's slug." };

    private readonly NodeChangeOptions _change = new();

    private readonly ProjectOption _project = new();

    public TargetsUpdateCommand(CliContext context, GlobalOptions global)
        : base("update", "Rename a target, change its slug or description.", context, global)
    {
        Arguments.Add(_slug);
        _change.AddTo(this);
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope targets update backend --name \"Back end\"", "envelope targets update web --slug frontend --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        var request = _change.ToNodeRequest(parseResult);

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await session.Organization.Targets.UpdateAsync(project, slug, request, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, node, CliJson.Default.HierarchyNode, node.Slug).ConfigureAwait(false);

        await InformAsync($"Updated target {project}/{node.Slug}.").ConfigureAwait(false);
        if (node.Slug != slug && LinkFile.Read(Context) is { } link && link.Project == project && link.Target == slug)
        {
            await InformAsync(StaleLink.Hint(project, node.Slug, link.Environment)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
