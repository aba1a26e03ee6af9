using System.CommandLine;

namespace Envelope.Cli.Configuration;

/// <summary>--project and --target for commands about a target's environments; both default to <c>.envelope.json</c>'s.</summary>
internal sealed class TargetOptions
{
    public Option<string?> Project { get; } = new("--project", "-p") { Description = "Project slug (default: from .envelope.json)." };

    public Option<string?> Target { get; } = new("--target", "-t") { Description = "Target slug (default: from .envelope.json)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Project);
        command.Options.Add(Target);
    }

    public (string Project, string Target) Resolve(ParseResult parseResult, CliContext context)
    {
        var link = LinkFile.Read(context);
        var project = parseResult.GetValue(Project) ?? link?.Project
            ?? throw CliException.Usage("No project: pass --project or run 'envelope link --project SLUG' in this directory.");
        var target = parseResult.GetValue(Target) ?? (link?.Project == project ? link.Target : null)
            ?? throw CliException.Usage("No target: pass --target.");
        return (project, target);
    }
}
