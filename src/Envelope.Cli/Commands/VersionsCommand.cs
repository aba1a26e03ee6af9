using System.CommandLine;

namespace Envelope.Cli.Commands;

/// <summary><c>envelope versions</c>: the history of a level. Only <c>list</c> exists so far.</summary>
internal sealed class VersionsCommand : Command
{
    public VersionsCommand(CliContext context, GlobalOptions global)
        : base("versions", "The stored versions of a level's secrets.")
    {
        Subcommands.Add(new VersionsListCommand(context, global));
    }
}
