using System.CommandLine;
using System.Globalization;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Deleted;

/// <summary><c>envelope deleted</c>: deleted projects, targets and environments in the recovery window.</summary>
internal sealed class DeletedCommand : Command
{
    public DeletedCommand(CliContext context, GlobalOptions global)
        : base("deleted", "List, restore and purge deleted projects, targets and environments still in the recovery window.")
    {
        Subcommands.Add(new DeletedListCommand(context, global));
        Subcommands.Add(new DeletedRestoreCommand(context, global));
        Subcommands.Add(new DeletedPurgeCommand(context, global));
    }

    /// <summary>The node named by its path (<c>my-app/backend</c>) or its id; a path deleted twice is ambiguous.</summary>
    public static async Task<DeletedNode> FindAsync(OrganizationClient organization, string pathOrId, CancellationToken cancellationToken, string? kind = null)
    {
        var matches = new List<DeletedNode>();
        await foreach (var node in organization.Deleted.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((node.Id == pathOrId || node.Path == pathOrId.Trim('/')) && (kind is null || node.Kind == kind))
            {
                matches.Add(node);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException(ExitCodes.NotFound, "not_found", $"Nothing named {pathOrId} is in the recovery window (see envelope deleted list)."),
            _ => throw CliException.Usage($"{matches.Count} deleted nodes have the path {pathOrId}; name one by its id (see envelope deleted list)."),
        };
    }

    public static async Task WriteTableAsync(TextWriter output, IEnumerable<DeletedNode> nodes)
    {
        await output.WriteLineAsync($"{"ID",-26} {"KIND",-11} {"PATH",-36} {"VERSIONS",8} {"DELETED",-16} PURGED").ConfigureAwait(false);
        foreach (var n in nodes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{n.Id,-26} {n.Kind,-11} {n.Path,-36} {n.Versions,8} {n.DeletedAt:yyyy-MM-dd HH:mm} {n.PurgeAt:yyyy-MM-dd HH:mm}")).ConfigureAwait(false);
        }
    }
}
