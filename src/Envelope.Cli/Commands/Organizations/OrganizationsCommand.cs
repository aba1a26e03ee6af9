using System.CommandLine;

namespace Envelope.Cli.Commands.Organizations;

/// <summary><c>envelope organizations</c>: the organizations the token reaches.</summary>
internal sealed class OrganizationsCommand : Command
{
    public OrganizationsCommand(CliContext context, GlobalOptions global)
        : base("organizations", "List the organizations the token can access, show one with its plan, or create one.")
    {
        Aliases.Add("orgs");
        Subcommands.Add(new OrganizationsListCommand(context, global));
        Subcommands.Add(new OrganizationsShowCommand(context, global));
        Subcommands.Add(new OrganizationsCreateCommand(context, global));
    }
}
