using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions destroy ID</c>: wipes a version's content and keeps its metadata.</summary>
internal sealed class VersionsDestroyCommand : BaseCommand
{
    private readonly Argument<long> _id = VersionsCommand.IdArgument();

    private readonly Option<bool> _force = new("--force") { Description = "Destroy it even if it is the only snapshot of a deleted level." };

    private readonly Option<bool> _yes = YesOption();

    public VersionsDestroyCommand(CliContext context, GlobalOptions global)
        : base("destroy", "Wipe a version's content for good; its metadata stays, with status 'destroyed'.", context, global)
    {
        Arguments.Add(_id);
        Options.Add(_force);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions destroy 42 --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id);
        await ConfirmAsync(parseResult, _yes, $"wipes the content of version {id} for good").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var destroyed = await session.Organization.Versions.DestroyAsync(id, parseResult.GetValue(_force), cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(VersionOutput.From(destroyed), CliJson.Default.VersionOutput).ConfigureAwait(false);
        }

        await InformAsync($"Destroyed version {id} of {destroyed.Level}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
