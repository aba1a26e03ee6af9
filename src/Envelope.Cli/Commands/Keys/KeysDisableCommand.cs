using System.CommandLine;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys disable</c>: value operations of the project stop until <c>keys enable</c>.</summary>
internal sealed class KeysDisableCommand(CliContext context, GlobalOptions global)
    : KeyStateCommand("disable", """
        Disable the project's key: storing, decrypting and rotating stop (key_unavailable) until 'keys enable'.
        Metadata, ciphertext reads and version lists keep working. Needs key:rotate.
        """, context, global, needsConfirmation: true)
{
    public override IReadOnlyList<string> Examples { get; } = ["envelope keys disable --yes", "envelope keys disable --project my-app --yes --json"];

    protected override string Consequence(string project, ParseResult parseResult) =>
        $"disables the key of {project}: every application reading its secrets decrypted fails until 'envelope keys enable'";

    protected override Task<EncryptionKey> ChangeAsync(EncryptionKeysClient keys, string project, ParseResult parseResult, CancellationToken cancellationToken) =>
        keys.DisableAsync(project, cancellationToken);
}
