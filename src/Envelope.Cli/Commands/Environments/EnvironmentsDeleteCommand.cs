using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments delete SLUG</c>.</summary>
internal sealed class EnvironmentsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The environment's slug." };

    private readonly TargetOptions _target = new();

    private readonly Option<bool> _yes = YesOption();

    private readonly Option<bool> _permanent = PermanentOption();

    public EnvironmentsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete an environment with its secrets.", context, global)
    {
        Arguments.Add(_slug);
        _target.AddTo(this);
        Options.Add(_yes);
        Options.Add(_permanent);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope environments delete staging --yes", "envelope environments delete preprod --project my-app --target backend --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (project, target) = _target.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        var permanent = parseResult.GetValue(_permanent);
        await ConfirmAsync(parseResult, _yes, permanent
            ? $"erases environment {project}/{target}/{slug} with its secrets for good, without the recovery window"
            : $"deletes environment {project}/{target}/{slug} with its secrets (restorable during the recovery window)").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var kept = await session.Organization.Environments.RemoveAsync(project, target, slug, permanent, cancellationToken).ConfigureAwait(false);
        await ReportRemovedAsync(parseResult, kept, "environment", $"{project}/{target}/{slug}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
