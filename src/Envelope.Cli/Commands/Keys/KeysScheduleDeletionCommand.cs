using System.CommandLine;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys schedule-deletion</c>: after the delay, the server destroys the project's data keys for good.</summary>
internal sealed class KeysScheduleDeletionCommand : KeyStateCommand
{
    private readonly Option<int?> _days = new("--days") { Description = "Days until the deletion, 7 to 30 (default 30)." };

    public KeysScheduleDeletionCommand(CliContext context, GlobalOptions global)
        : base("schedule-deletion", """
            Schedule the deletion of the project's key: it is unusable at once (pending_deletion), and when the delay is over
            the server destroys its data keys, so that the project's server-managed data can never be decrypted again.
            'keys cancel-deletion' or 'keys enable' stop it before then. Needs key:rotate.
            """, context, global, needsConfirmation: true)
    {
        _days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } days and (< 7 or > 30))
            {
                result.AddError("--days must be from 7 to 30.");
            }
        });
        Options.Add(_days);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope keys schedule-deletion --days 7 --yes", "envelope keys schedule-deletion --project my-app --yes --json"];

    protected override string Consequence(string project, ParseResult parseResult) =>
        $"schedules the destruction of the key of {project} in {parseResult.GetValue(_days) ?? 30} days: its server-managed data will never be readable again";

    protected override Task<EncryptionKey> ChangeAsync(EncryptionKeysClient keys, string project, ParseResult parseResult, CancellationToken cancellationToken) =>
        keys.ScheduleDeletionAsync(project, parseResult.GetValue(_days), cancellationToken);
}
