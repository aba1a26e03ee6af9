using System.CommandLine;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys enable</c>: a disabled key, or one pending deletion, becomes active again.</summary>
internal sealed class KeysEnableCommand(CliContext context, GlobalOptions global)
    : KeyStateCommand("enable", "Enable the project's key again (from disabled, or pending deletion: that cancels the deletion). Needs key:rotate.", context, global, needsConfirmation: false)
{
    public override IReadOnlyList<string> Examples { get; } = ["envelope keys enable", "envelope keys enable --project my-app --json"];

    protected override string Consequence(string project, ParseResult parseResult) => $"enables the key of {project}";

    protected override Task<EncryptionKey> ChangeAsync(EncryptionKeysClient keys, string project, ParseResult parseResult, CancellationToken cancellationToken) =>
        keys.EnableAsync(project, cancellationToken);
}
