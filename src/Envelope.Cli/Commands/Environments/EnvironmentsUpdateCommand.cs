using System.CommandLine;
using Envelope.Cli.Commands.Workspace;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments update SLUG</c>: a new name, slug or description; what is not given stays.</summary>
internal sealed class EnvironmentsUpdateCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The environment's slug." };

    private readonly NodeChangeOptions _change = new();

    private readonly TargetOptions _target = new();

    public EnvironmentsUpdateCommand(CliContext context, GlobalOptions global)
        : base("update", "Rename an environment, change its slug or description.", context, global)
    {
        Arguments.Add(_slug);
        _change.AddTo(this);
        _target.AddTo(this);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope environments update staging --name \"Staging (EU)\"", "envelope environments update preprod --slug staging --project my-app --target backend --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (project, target) = _target.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        var request = _change.ToNodeRequest(parseResult);

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await session.Organization.Environments.UpdateAsync(project, target, slug, request, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, node, CliJson.Default.HierarchyNode, node.Slug).ConfigureAwait(false);

        await InformAsync($"Updated environment {project}/{target}/{node.Slug}.").ConfigureAwait(false);
        if (node.Slug != slug && LinkFile.Read(Context) is { } link && link.Project == project && link.Target == target && link.Environment == slug)
        {
            await InformAsync(StaleLink.Hint(project, target, node.Slug)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
