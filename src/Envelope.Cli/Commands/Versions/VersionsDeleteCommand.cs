using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions delete ID</c>: deletes one version for good.</summary>
internal sealed class VersionsDeleteCommand : BaseCommand
{
    private readonly Argument<long> _id = VersionsCommand.IdArgument();

    private readonly Option<bool> _force = new("--force") { Description = "Delete it even if it is the only snapshot of a deleted level." };

    private readonly Option<bool> _yes = YesOption();

    public VersionsDeleteCommand(CliContext context, GlobalOptions global)
        : base("delete", "Delete one version, content and metadata, for good.", context, global)
    {
        Arguments.Add(_id);
        Options.Add(_force);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions delete 42 --yes", "envelope versions delete 42 --force --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id);
        await ConfirmAsync(parseResult, _yes, $"deletes version {id} for good").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await session.Organization.Versions.DeleteAsync(id, parseResult.GetValue(_force), cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new VersionChangeOutput(id, "deleted"), CliJson.Default.VersionChangeOutput).ConfigureAwait(false);
        }

        await InformAsync($"Deleted version {id}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
