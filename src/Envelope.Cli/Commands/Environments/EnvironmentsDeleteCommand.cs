using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments delete SLUG</c>.</summary>
internal sealed class EnvironmentsDeleteCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The environment's slug." };

    private readonly TargetOptions _target = new();

    private readonly Option<bool> _yes = YesOption();

    public EnvironmentsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete an environment with its secrets.", context, global)
    {
        Arguments.Add(_slug);
        _target.AddTo(this);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope environments delete staging --yes", "envelope environments delete preprod --project my-app --target backend --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (project, target) = _target.Resolve(parseResult, Context);
        var slug = parseResult.GetValue(_slug)!;
        await ConfirmAsync(parseResult, _yes, $"deletes environment {project}/{target}/{slug} with its secrets").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await session.Organization.Environments.DeleteAsync(project, target, slug, cancellationToken).ConfigureAwait(false);
        await ReportDeletedAsync(parseResult, $"{project}/{target}/{slug}", $"Deleted environment {project}/{target}/{slug}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
