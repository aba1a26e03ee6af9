using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets delete SLUG</c>.</summary>
internal sealed class TargetsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The target's slug." };

    private readonly ProjectOption _project = new();

    private readonly Option<bool> _yes = YesOption();

    public TargetsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete a target with its environments and their secrets.", context, global)
    {
        Arguments.Add(_slug);
        Options.Add(_project.Option);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope targets delete backend --yes", "envelope targets delete web --project my-app --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        await ConfirmAsync(parseResult, _yes, $"deletes target {project}/{slug} with its environments and secrets").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await session.Organization.Targets.DeleteAsync(project, slug, cancellationToken).ConfigureAwait(false);
        await ReportDeletedAsync(parseResult, $"{project}/{slug}", $"Deleted target {project}/{slug}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
