using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Organizations;

/// <summary><c>envelope organizations show [ID]</c> (<c>GET /api/v1/{org}</c>): name, plan and what it uses of it.</summary>
internal sealed class OrganizationsShowCommand : BaseCommand
{
    private readonly Argument<string?> _id = new("ID")
    {
        Description = "The organization's id (default: the one commands work in, see 'envelope whoami').",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public OrganizationsShowCommand(CliContext context, GlobalOptions global)
        : base("show", "Show an organization: its plan, limits and project count (needs organization:read).", context, global)
    {
        Arguments.Add(_id);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope organizations show", "envelope orgs show 01ARZ3NDEKTSV4RRFFQ69G5FAV --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var id = parseResult.GetValue(_id) ?? session.OrganizationId;
        var organization = await session.Client.Organization(id).GetAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(organization, CliJson.Default.OrganizationInfo).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var plan = organization.Plan;
        var lines = new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"id:          {organization.Id}"),
            string.Create(CultureInfo.InvariantCulture, $"name:        {organization.Name}"),
            string.Create(CultureInfo.InvariantCulture, $"plan:        {plan.DisplayName} ({plan.Name})"),
            string.Create(CultureInfo.InvariantCulture, $"projects:    {organization.Usage.Projects} of {plan.MaxProjects}"),
            string.Create(CultureInfo.InvariantCulture, $"history:     {plan.RetentionDays} days"),
            string.Create(CultureInfo.InvariantCulture, $"rate limit:  {plan.RequestsPerMinute} requests a minute"),
            string.Create(CultureInfo.InvariantCulture, $"created:     {organization.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
        };
        foreach (var line in lines)
        {
            await Context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
