using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets delete SLUG</c>.</summary>
internal sealed class TargetsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The target's slug." };

    private readonly ProjectOption _project = new();

    private readonly Option<bool> _yes = YesOption();

    private readonly Option<bool> _permanent = PermanentOption();

    public TargetsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete a target with its environments and their secrets.", context, global)
    {
        Arguments.Add(_slug);
        Options.Add(_project.Option);
        Options.Add(_yes);
        Options.Add(_permanent);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope targets delete backend --yes", "envelope targets delete web --project my-app --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        var permanent = parseResult.GetValue(_permanent);
        await ConfirmAsync(parseResult, _yes, permanent
            ? $"erases target {project}/{slug} with its environments and secrets for good, without the recovery window"
            : $"deletes target {project}/{slug} with its environments and secrets (restorable during the recovery window)").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var kept = await session.Organization.Targets.RemoveAsync(project, slug, permanent, cancellationToken).ConfigureAwait(false);
        await ReportRemovedAsync(parseResult, kept, "target", $"{project}/{slug}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
