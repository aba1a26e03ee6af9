using System.CommandLine;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Workspace;

/// <summary><c>envelope link</c>: records the level this directory works with in <c>.envelope.json</c>.</summary>
internal sealed class LinkCommand : BaseCommand
{
    private readonly Option<string> _project = new("--project", "-p") { Description = "Project slug.", Required = true };

    private readonly Option<string?> _target = new("--target", "-t") { Description = "Target slug." };

    private readonly Option<string?> _environment = new("--environment", "-e") { Description = "Environment slug (needs --target)." };

    public LinkCommand(CliContext context, GlobalOptions global)
        : base("link", """
            Link the working directory to a project, target and environment (written to .envelope.json).
            Later commands use it; their --project/--target/--environment flags override it.
            """, context, global)
    {
        Options.Add(_project);
        Options.Add(_target);
        Options.Add(_environment);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope link --project my-app --target backend --environment production"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var link = new ProjectLink
        {
            Project = parseResult.GetRequiredValue(_project),
            Target = parseResult.GetValue(_target),
            Environment = parseResult.GetValue(_environment),
        };
        if (link.Environment is not null && link.Target is null)
        {
            throw CliException.Usage("An environment belongs to a target: pass --target too.");
        }

        var path = LinkFile.Write(Context, link);
        if (WantsJson(parseResult))
        {
            var output = new LinkOutput(path, link.Project, link.Target, link.Environment);
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(output, CliJson.Default.LinkOutput)).ConfigureAwait(false);
        }

        var level = string.Join('/', new[] { link.Project, link.Target, link.Environment }.OfType<string>());
        await InformAsync($"Linked {Context.WorkingDirectory} to {level} ({LinkFile.FileName}).").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
