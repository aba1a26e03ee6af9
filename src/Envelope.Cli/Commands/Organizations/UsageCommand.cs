using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Organizations;

/// <summary><c>envelope usage</c>: what the organization stores, per project (<c>GET /api/v1/{org}/usage</c>).</summary>
internal sealed class UsageCommand : BaseCommand
{
    public UsageCommand(CliContext context, GlobalOptions global)
        : base("usage", """
            Show the organization's billable versions, destroyed versions and stored bytes, per project and in total
            (needs organization:read).
            """, context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope usage", "envelope usage --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var usage = await session.Organization.GetUsageAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(usage, CliJson.Default.UsageReport).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var output = Context.Out;
        await output.WriteLineAsync($"{"PROJECT",-32} {"ACTIVE",8} {"DESTROYED",10} {"BYTES",12}").ConfigureAwait(false);
        foreach (var project in usage.Projects.OrderBy(p => p.Project, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(Row(project.Project, project.ActiveVersions, project.DestroyedVersions, project.StoredBytes)).ConfigureAwait(false);
        }

        await output.WriteLineAsync(Row("TOTAL", usage.ActiveVersions, usage.DestroyedVersions, usage.StoredBytes)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Row(string name, int active, int destroyed, long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-32} {active,8} {destroyed,10} {bytes,12}");
}
