using System.CommandLine;

namespace Envelope.Cli.Configuration;

/// <summary>--project for commands about a whole project; defaults to the project of <c>.envelope.json</c>.</summary>
internal sealed class ProjectOption
{
    public Option<string?> Option { get; } = new("--project", "-p") { Description = "Project slug (default: from .envelope.json)." };

    public string Resolve(ParseResult parseResult, CliContext context) =>
        parseResult.GetValue(Option)
        ?? LinkFile.Read(context)?.Project
        ?? throw CliException.Usage("No project: pass --project or run 'envelope link --project SLUG' in this directory.");
}
