using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Audit;

/// <summary><c>envelope audit verify</c>: has the server check its audit chain; exit 10 when it is broken.</summary>
internal sealed class AuditVerifyCommand : BaseCommand
{
    public AuditVerifyCommand(CliContext context, GlobalOptions global)
        : base("verify", "Check that no audit event was edited, deleted or cut off since it was written (needs audit:read).", context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope audit verify", "envelope audit verify --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await InformAsync("Verifying the audit chain…").ConfigureAwait(false);
        var verification = await session.Organization.Audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
        var exit = verification.Valid ? ExitCodes.Success : ExitCodes.AuditBroken;
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(verification, CliJson.Default.AuditVerification).ConfigureAwait(false);
            return exit;
        }

        if (verification.FirstBreak is { } broken)
        {
            await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"BROKEN at event {broken.Sequence}: {Describe(broken.Reason)} ({verification.EventsChecked} events before it verified)")).ConfigureAwait(false);
            return exit;
        }

        await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"valid: {verification.EventsChecked} events, {verification.CheckpointsChecked} signed checkpoints")).ConfigureAwait(false);
        return exit;
    }

    private static string Describe(string reason) => reason switch
    {
        "hash_mismatch" => "an event was edited (or the chain rewritten since a checkpoint)",
        "sequence_gap" => "an event was deleted",
        "truncated" => "the newest events were deleted (a signed checkpoint names events the table no longer has)",
        "checkpoint_signature_invalid" => "a checkpoint is not signed by this server's audit key",
        _ => reason,
    };
}
