using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client;

namespace Envelope.Cli.Commands.Secrets;

/// <summary>
/// <c>envelope secrets clear [--no-backup]</c>: empties the level (<c>POST /secrets/delete</c>). The key is not needed:
/// the server clears a client-managed level as it clears a server-managed one.
/// </summary>
internal sealed class SecretsClearCommand : BaseCommand
{
    private readonly LevelOptions _level = new();

    private readonly Option<bool> _noBackup = new("--no-backup")
    {
        Description = "Also delete the level's whole history, for good, instead of keeping what is cleared as a version (needs secret:purge).",
    };

    private readonly Option<bool> _yes = YesOption();

    public SecretsClearCommand(CliContext context, GlobalOptions global)
        : base("clear", """
            Clear the secrets of the linked level (that level only; the levels above keep theirs).
            What it held is kept as a version (reason "delete") that 'envelope versions restore' brings back;
            with --no-backup the level's history goes too and nothing can bring it back.
            """, context, global)
    {
        _level.AddTo(this);
        Options.Add(_noBackup);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope secrets clear", "envelope secrets clear -t backend -e staging --yes", "envelope secrets clear --no-backup --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var level = _level.Resolve(parseResult, Context);
        var noBackup = parseResult.GetValue(_noBackup);
        await ConfirmAsync(parseResult, _yes, noBackup
            ? $"clears the secrets of {level} and deletes all their versions for good"
            : $"clears the secrets of {level} (restorable from 'envelope versions list')").ConfigureAwait(false);

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var secrets = session.Organization.Secrets;
        try
        {
            await (noBackup ? secrets.DeleteWithHistoryAsync(level, cancellationToken) : secrets.DeleteAsync(level, cancellationToken)).ConfigureAwait(false);
        }
        catch (EnvelopeApiException e) when (noBackup && e.ErrorCode == EnvelopeErrorCodes.InsufficientPermissions
            && e.Details.TryGetValue("required_ability", out var ability) && ability.ValueKind == System.Text.Json.JsonValueKind.String
            && ability.GetString() == "secret:purge")
        {
            throw new CliException(ExitCodes.Forbidden, e.ErrorCode,
                $"--no-backup deletes the history of {level} and needs secret:purge, which this token lacks; nothing was changed. Without --no-backup the cleared secrets stay restorable as a version. [{e.ErrorCode}]");
        }
        catch (EnvelopeApiException e) when (e.ErrorCode == EnvelopeErrorCodes.NotFound)
        {
            throw new CliException(ExitCodes.NotFound, e.ErrorCode, $"{level} holds no secrets (or is not visible to this token); nothing was changed. [{e.ErrorCode}]");
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new ClearOutput(level.ToString(), true, !noBackup), CliJson.Default.ClearOutput).ConfigureAwait(false);
        }

        await InformAsync(noBackup
            ? $"Cleared {level} and deleted its history."
            // The server answers an already empty level as it answers a cleared one (204, as the specification says).
            : $"Cleared {level}; anything it held is now a version ('envelope versions list', 'envelope versions restore ID').").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
