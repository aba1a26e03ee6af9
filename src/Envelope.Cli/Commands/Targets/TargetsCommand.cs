using System.CommandLine;
using System.Globalization;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Targets;

/// <summary><c>envelope targets</c>: a project's targets (backend, frontend, …).</summary>
internal sealed class TargetsCommand : Command
{
    public TargetsCommand(CliContext context, GlobalOptions global)
        : base("targets", "List, create, update and delete a project's targets.")
    {
        Subcommands.Add(new TargetsListCommand(context, global));
        Subcommands.Add(new TargetsCreateCommand(context, global));
        Subcommands.Add(new TargetsUpdateCommand(context, global));
        Subcommands.Add(new TargetsDeleteCommand(context, global));
        Subcommands.Add(Deleted.NodeRestoreCommand.ForTarget(context, global));
    }

    /// <summary>The table of targets or environments.</summary>
    public static async Task WriteNodesAsync(TextWriter output, IEnumerable<HierarchyNode> nodes)
    {
        await output.WriteLineAsync($"{"SLUG",-24} {"NAME",-24} {"CREATED",-20} DESCRIPTION").ConfigureAwait(false);
        foreach (var n in nodes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{n.Slug,-24} {n.Name,-24} {n.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {n.Description}")).ConfigureAwait(false);
        }
    }
}
