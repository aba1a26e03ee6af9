using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Versions;

/// <summary>
/// <c>envelope versions restore ID</c>: makes a version current again (a new version). A client-managed version under an
/// older key is decrypted here (current key, then --old-key-file), re-encrypted under the current key and sent with its proof.
/// </summary>
internal sealed class VersionsRestoreCommand : BaseCommand
{
    private readonly Argument<long> _id = VersionsCommand.IdArgument();

    private readonly ProjectOption _project = new();

    private readonly ClientKeySource _key = new();

    private readonly Option<FileInfo?> _oldKeyFile = new("--old-key-file") { Description = "The retired client key the version is under (mode 0600)." };

    public VersionsRestoreCommand(CliContext context, GlobalOptions global)
        : base("restore", """
            Restore a version: its content becomes the level's current secrets (as a new version; nothing is lost).
            A client-managed version under an older key is re-encrypted here under the current key (ENVELOPE_KEY or
            --key-file, or the passphrase: --passphrase / --passphrase-file / ENVELOPE_PASSPHRASE), which needs the old
            key too (--old-key-file) unless it still opens with the current one.
            """, context, global)
    {
        Arguments.Add(_id);
        Options.Add(_project.Option);
        AddOptions(_key.Options);
        Options.Add(_oldKeyFile);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions restore 42", "ENVELOPE_KEY=… envelope versions restore 42 --old-key-file old.key --project my-app"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id);
        var oldKey = parseResult.GetValue(_oldKeyFile) is { } file ? ClientKeySource.ReadKeyFile(Context, file) : null;
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var versions = session.Organization.Versions;
        var version = await versions.GetAsync(id, cancellationToken).ConfigureAwait(false);

        string? content = null;
        string? proof = null;
        if (version.Key is { Managed: KeyManagement.Client })
        {
            var project = _project.Resolve(parseResult, Context);
            var current = await session.Organization.EncryptionKeys.GetAsync(project, cancellationToken).ConfigureAwait(false);
            // Only a version under an older key needs the key here; a passphrase is derived with the current key's KDF.
            if (current.Version != version.KeyVersion
                && await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false) is { } key)
            {
                if (version.Content is null)
                {
                    throw new CliException(ExitCodes.Conflict, Client.EnvelopeErrorCodes.VersionDestroyed, $"Version {id} was destroyed; it cannot be restored.");
                }

                var keys = oldKey is null ? new[] { key } : [key, oldKey];
                var text = BlobKeys.Decrypt(version, keys, $"Version {id}");
                if (current.KeyCheckSalt is null)
                {
                    throw new CliException(ExitCodes.Error, "unexpected_response", "The server did not return the key check salt of the project's key.");
                }

                // Bound to the level under the current key version, as a push would seal it.
                content = version.Place is { } place
                    ? SecretsBlob.SealWithClientKey(key, text, place.WithKeyVersion(current.Version))
                    : SecretsBlob.EncryptWithClientKey(key, text);
                proof = KeyProof.Compute(key, Convert.FromBase64String(current.KeyCheckSalt), current.KeyCheckIterations ?? KeyProof.DefaultIterations);
            }
        }

        var restored = await versions.RestoreAsync(id, content, proof, cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new RestoreOutput(restored.RestoredFrom, restored.SecretId, restored.Version, content is not null), CliJson.Default.RestoreOutput).ConfigureAwait(false);
        }

        var reEncrypted = content is null ? "" : " (re-encrypted under the current key)";
        await InformAsync($"Restored version {id} of {version.Level}{reEncrypted}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
