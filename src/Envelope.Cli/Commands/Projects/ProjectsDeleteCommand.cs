using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects delete SLUG</c>.</summary>
internal sealed class ProjectsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The project's slug." };

    private readonly Option<bool> _yes = YesOption();

    private readonly Option<bool> _permanent = PermanentOption();

    public ProjectsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete a project with its targets, environments, secrets and history.", context, global)
    {
        Arguments.Add(_slug);
        Options.Add(_yes);
        Options.Add(_permanent);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope projects delete my-app --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var slug = parseResult.GetValue(_slug)!;
        var permanent = parseResult.GetValue(_permanent);
        await ConfirmAsync(parseResult, _yes, permanent
            ? $"erases project {slug} with all its secrets and history for good, without the recovery window"
            : $"deletes project {slug} with all its secrets and history (restorable during the recovery window)").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var kept = await session.Organization.Projects.RemoveAsync(slug, permanent, cancellationToken).ConfigureAwait(false);
        await ReportRemovedAsync(parseResult, kept, "project", slug).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
