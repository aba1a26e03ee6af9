using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects list</c>.</summary>
internal sealed class ProjectsListCommand : BaseCommand
{
    public ProjectsListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the projects this token can see.", context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope projects list", "envelope projects list --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var projects = new List<ProjectOutput>();
        await foreach (var project in session.Organization.Projects.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            projects.Add(ProjectOutput.From(project));
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(projects, CliJson.Default.ListProjectOutput).ConfigureAwait(false);
        }
        else if (projects.Count == 0)
        {
            await InformAsync("No projects.").ConfigureAwait(false);
        }
        else
        {
            await ProjectsCommand.WriteTableAsync(Context.Out, projects).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
