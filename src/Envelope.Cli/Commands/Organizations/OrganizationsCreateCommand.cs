using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Organizations;

/// <summary>
/// <c>envelope organizations create NAME</c> (<c>POST /api/v1/organizations</c>, owner tokens only): a new organization
/// and its owner token, printed once.
/// </summary>
internal sealed class OrganizationsCreateCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The new organization's display name." };

    public OrganizationsCreateCommand(CliContext context, GlobalOptions global)
        : base("create", """
            Create an organization (needs an organization owner's token). Its owner token is printed once on standard
            output: store it, then use it with 'envelope login --token-stdin' or ENVELOPE_TOKEN.
            """, context, global)
    {
        Arguments.Add(_name);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope organizations create \"Acme staging\" > acme.token", "envelope orgs create acme --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var created = await session.Client.CreateOrganizationAsync(parseResult.GetValue(_name)!, cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(created, CliJson.Default.CreatedOrganization).ConfigureAwait(false);
        }
        else
        {
            await Context.Out.WriteLineAsync(created.Token).ConfigureAwait(false);
        }

        await InformAsync($"Created organization {created.Organization.Name} ({created.Organization.Id}). Its owner token is shown only once: store it now.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
