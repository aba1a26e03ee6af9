using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Deleted;

/// <summary>
/// <c>envelope projects|targets|environments restore SLUG</c>: the noun's own way to undo its delete, the same call as
/// <c>envelope deleted restore PATH</c> with the path built from the slug and the usual --project/--target defaults.
/// </summary>
internal sealed class NodeRestoreCommand : BaseCommand
{
    private readonly Argument<string> _slug;
    private readonly string _kind;
    private readonly Func<ParseResult, string, string> _path;

    private NodeRestoreCommand(CliContext context, GlobalOptions global, string kind, string below, Func<ParseResult, string, string> path)
        : base("restore", $"Restore a deleted {kind} with {below} and its history, during the recovery window.", context, global)
    {
        _kind = kind;
        _path = path;
        _slug = new("SLUG") { Description = $"The deleted {kind}'s slug." };
        Arguments.Add(_slug);
    }

    public override IReadOnlyList<string> Examples => _kind switch
    {
        "project" => ["envelope projects restore my-app", "envelope projects restore my-app --json"],
        "target" => ["envelope targets restore backend", "envelope targets restore web --project my-app"],
        _ => ["envelope environments restore staging", "envelope environments restore staging -p my-app -t backend"],
    };

    public static NodeRestoreCommand ForProject(CliContext context, GlobalOptions global) =>
        new(context, global, "project", "its targets, environments", (_, slug) => slug);

    public static NodeRestoreCommand ForTarget(CliContext context, GlobalOptions global)
    {
        var project = new ProjectOption();
        var command = new NodeRestoreCommand(context, global, "target", "its environments", (parseResult, slug) => $"{project.Resolve(parseResult, context)}/{slug}");
        command.Options.Add(project.Option);
        return command;
    }

    public static NodeRestoreCommand ForEnvironment(CliContext context, GlobalOptions global)
    {
        var target = new TargetOptions();
        var command = new NodeRestoreCommand(context, global, "environment", "its secrets", (parseResult, slug) =>
        {
            var (project, targetSlug) = target.Resolve(parseResult, context);
            return $"{project}/{targetSlug}/{slug}";
        });
        target.AddTo(command);
        return command;
    }

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var path = _path(parseResult, parseResult.GetValue(_slug)!);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await DeletedCommand.FindAsync(session.Organization, path, cancellationToken, _kind).ConfigureAwait(false);
        var restored = await session.Organization.Deleted.RestoreAsync(node.Id, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, restored, CliJson.Default.DeletedNode, $"Restored {restored.Kind} {restored.Path} with its {restored.Versions} version(s).").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
