using System.CommandLine;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys cancel-deletion</c>: a key pending deletion goes back to disabled.</summary>
internal sealed class KeysCancelDeletionCommand(CliContext context, GlobalOptions global)
    : KeyStateCommand("cancel-deletion", "Cancel the scheduled deletion of the project's key; it stays disabled ('keys enable' then). Needs key:rotate.", context, global, needsConfirmation: false)
{
    public override IReadOnlyList<string> Examples { get; } = ["envelope keys cancel-deletion", "envelope keys cancel-deletion --project my-app --json"];

    protected override string Consequence(string project, ParseResult parseResult) => $"cancels the deletion of the key of {project}";

    protected override Task<EncryptionKey> ChangeAsync(EncryptionKeysClient keys, string project, ParseResult parseResult, CancellationToken cancellationToken) =>
        keys.CancelDeletionAsync(project, cancellationToken);
}
