using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Deleted;

/// <summary><c>envelope deleted restore PATH|ID</c>.</summary>
internal sealed class DeletedRestoreCommand : BaseCommand
{
    private readonly Argument<string> _node = new("PATH|ID") { Description = "The deleted node's path (my-app, my-app/backend, my-app/backend/production) or id." };

    public DeletedRestoreCommand(CliContext context, GlobalOptions global)
        : base("restore", "Restore a deleted project, target or environment with everything under it and its history.", context, global)
    {
        Arguments.Add(_node);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope deleted restore my-app/backend", "envelope deleted restore 01JD9Z3N5X8Q2W7E4R6T1Y0U9I --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await DeletedCommand.FindAsync(session.Organization, parseResult.GetValue(_node)!, cancellationToken).ConfigureAwait(false);
        var restored = await session.Organization.Deleted.RestoreAsync(node.Id, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, restored, CliJson.Default.DeletedNode, $"Restored {restored.Kind} {restored.Path} with its {restored.Versions} version(s).").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
