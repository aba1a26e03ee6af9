using System.CommandLine;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects</c>: the organization's projects.</summary>
internal sealed class ProjectsCommand : Command
{
    public ProjectsCommand(CliContext context, GlobalOptions global)
        : base("projects", "List, create, show, update and delete projects.")
    {
        Subcommands.Add(new ProjectsListCommand(context, global));
        Subcommands.Add(new ProjectsCreateCommand(context, global));
        Subcommands.Add(new ProjectsGetCommand(context, global));
        Subcommands.Add(new ProjectsUpdateCommand(context, global));
        Subcommands.Add(new ProjectsDeleteCommand(context, global));
        Subcommands.Add(Deleted.NodeRestoreCommand.ForProject(context, global));
    }

    public static async Task WriteTableAsync(TextWriter output, IEnumerable<Output.ProjectOutput> projects)
    {
        await output.WriteLineAsync($"{"SLUG",-24} {"NAME",-24} {"KEYS",-7} {"KEY",4} {"HISTORY",-10}").ConfigureAwait(false);
        foreach (var p in projects)
        {
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Slug,-24} {p.Name,-24} {p.KeyManagement,-7} {p.KeyVersion,4} {p.HistoryPolicy,-10}")).ConfigureAwait(false);
        }
    }
}
