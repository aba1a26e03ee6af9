using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Organizations;

/// <summary><c>envelope organizations list</c> (<c>GET /api/v1/organizations</c>).</summary>
internal sealed class OrganizationsListCommand : BaseCommand
{
    public OrganizationsListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the organizations the token can access; '*' marks the one commands work in.", context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope organizations list", "envelope orgs list --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var organizations = await session.Client.ListOrganizationsAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync([.. organizations], CliJson.Default.ListOrganizationSummary).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"  {"ID",-28} NAME").ConfigureAwait(false);
        foreach (var organization in organizations)
        {
            var current = organization.Id == session.OrganizationId ? '*' : ' ';
            await Context.Out.WriteLineAsync($"{current} {organization.Id,-28} {organization.Name}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
