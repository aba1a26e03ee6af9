using System.CommandLine;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions</c>: the history of a level.</summary>
internal sealed class VersionsCommand : Command
{
    public VersionsCommand(CliContext context, GlobalOptions global)
        : base("versions", "The stored versions of a level's secrets.")
    {
        Subcommands.Add(new VersionsListCommand(context, global));
        Subcommands.Add(new VersionsShowCommand(context, global));
        Subcommands.Add(new VersionsRestoreCommand(context, global));
        Subcommands.Add(new VersionsDeleteCommand(context, global));
        Subcommands.Add(new VersionsDestroyCommand(context, global));
        Subcommands.Add(new VersionsPurgeCommand(context, global));
        Subcommands.Add(new VersionsVerifyCommand(context, global));
    }

    public static Argument<long> IdArgument() => new("ID") { Description = "The version's id (see 'envelope versions list')." };
}
