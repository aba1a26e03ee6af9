using System.CommandLine;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Versions;

/// <summary>
/// <c>envelope versions verify</c>: asks the server to walk the linked level's version chain, tombstones included, and
/// names the first version whose link no longer holds (a swapped blob, a removed row, an edited field).
/// </summary>
internal sealed class VersionsVerifyCommand : BaseCommand
{
    private readonly LevelOptions _level = new();

    public VersionsVerifyCommand(CliContext context, GlobalOptions global)
        : base("verify", """
            Check the linked level's version chain: every version still hashes to its link and extends the one before.
            Exits 12 at the first break.
            """, context, global)
    {
        _level.AddTo(this);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions verify", "envelope versions verify --environment production --target backend --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var level = _level.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var verification = await session.Organization.Versions.VerifyAsync(level, cancellationToken).ConfigureAwait(false);
        var exit = verification.Valid ? ExitCodes.Success : ExitCodes.HistoryRollback;
        if (WantsJson(parseResult))
        {
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(verification, CliJson.Default.VersionChainVerification)).ConfigureAwait(false);
            return exit;
        }

        await Context.Out.WriteLineAsync(verification.FirstBreak is { } broken
            ? $"The version chain of {level} breaks at version {broken.Number}: {broken.Reason}."
            : $"The version chain of {level} holds: {verification.VersionsChecked} version(s) checked.").ConfigureAwait(false);
        return exit;
    }
}
