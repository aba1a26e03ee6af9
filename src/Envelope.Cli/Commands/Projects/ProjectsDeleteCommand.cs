using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects delete SLUG</c>.</summary>
internal sealed class ProjectsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The project's slug." };

    private readonly Option<bool> _yes = YesOption();

    public ProjectsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete a project with its targets, environments, secrets and history.", context, global)
    {
        Arguments.Add(_slug);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope projects delete my-app --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var slug = parseResult.GetValue(_slug)!;
        await ConfirmAsync(parseResult, _yes, $"deletes project {slug} with all its secrets and history").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await session.Organization.Projects.DeleteAsync(slug, cancellationToken).ConfigureAwait(false);
        await ReportDeletedAsync(parseResult, slug, $"Deleted project {slug}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
