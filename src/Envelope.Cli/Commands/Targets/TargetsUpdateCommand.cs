using System.CommandLine;
using Envelope.Cli.Commands.Workspace;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets update SLUG</c>: a new name, slug or description; what is not given stays.</summary>
internal sealed class TargetsUpdateCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The target's slug." };

    private readonly Option<string?> _name = new("--name") { Description = "A new name." };

    private readonly Option<string?> _newSlug = new("--slug") { Description = "A new slug (links and scripts naming the old one stop working)." };

    private readonly Option<string?> _description = new("--description") { Description = "A new description (\"\" clears it)." };

    private readonly ProjectOption _project = new();

    public TargetsUpdateCommand(CliContext context, GlobalOptions global)
        : base("update", "Rename a target, change its slug or description.", context, global)
    {
        Arguments.Add(_slug);
        Options.Add(_name);
        Options.Add(_newSlug);
        Options.Add(_description);
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope targets update backend --name \"Back end\"", "envelope targets update web --slug frontend --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        var request = new UpdateNodeRequest { Name = parseResult.GetValue(_name), Slug = parseResult.GetValue(_newSlug), Description = parseResult.GetValue(_description) };
        if (request is { Name: null, Slug: null, Description: null })
        {
            throw CliException.Usage("Nothing to change: pass --name, --slug or --description.");
        }

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await session.Organization.Targets.UpdateAsync(project, slug, request, cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(node, CliJson.Default.HierarchyNode).ConfigureAwait(false);
        }
        else
        {
            await Context.Out.WriteLineAsync(node.Slug).ConfigureAwait(false);
        }

        await InformAsync($"Updated target {project}/{node.Slug}.").ConfigureAwait(false);
        if (node.Slug != slug && LinkFile.Read(Context) is { } link && link.Project == project && link.Target == slug)
        {
            await InformAsync(StaleLink.Hint(project, node.Slug, link.Environment)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
