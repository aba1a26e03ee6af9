using System.CommandLine;
using Envelope.Client;

namespace Envelope.Cli.Configuration;

/// <summary>--project, --target and --environment; each overrides what <c>.envelope.json</c> says.</summary>
internal sealed class LevelOptions
{
    public Option<string?> Project { get; } = new("--project", "-p") { Description = "Project slug (default: from .envelope.json)." };

    public Option<string?> Target { get; } = new("--target", "-t") { Description = "Target slug (default: from .envelope.json)." };

    public Option<string?> Environment { get; } = new("--environment", "-e") { Description = "Environment slug (default: from .envelope.json)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Project);
        command.Options.Add(Target);
        command.Options.Add(Environment);
    }

    public LevelPath Resolve(ParseResult parseResult, CliContext context)
    {
        var project = parseResult.GetValue(Project);
        var target = parseResult.GetValue(Target);
        var environment = parseResult.GetValue(Environment);
        if (project is null)
        {
            // A flag for the project starts a new path: the link's target and environment belong to its project.
            var link = LinkFile.Read(context)
                ?? throw CliException.Usage("No project: pass --project or run 'envelope link --project SLUG' in this directory.");
            project = link.Project;
            target ??= link.Target;
            environment ??= target == link.Target ? link.Environment : null;
        }

        if (environment is not null && target is null)
        {
            throw CliException.Usage("An environment belongs to a target: pass --target too.");
        }

        return new LevelPath(project, target, environment);
    }
}
