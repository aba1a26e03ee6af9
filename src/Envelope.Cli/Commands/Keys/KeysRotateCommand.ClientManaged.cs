using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys rotate --client [--resume]</c>: a client-managed project's key rotated here, or its unfinished history step carried on.</summary>
internal sealed partial class KeysRotateCommand
{
    private async Task<int> RotateClientAsync(ParseResult parseResult, string project, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_history) is not null)
        {
            throw CliException.Usage("--history is for server-managed keys; --client always re-encrypts the history.");
        }

        var toPassphrase = _newPassphrase.IsRequested(parseResult) || Context.GetVariable(EnvironmentVariables.NewPassphrase) is not null;
        var useKeyFile = parseResult.GetValue(_useKeyFile);
        if ((toPassphrase || useKeyFile is not null) && parseResult.GetValue(_newKeyFile) is not null)
        {
            throw CliException.Usage("--new-key-file is where a generated key goes; it goes with neither a new passphrase nor --use-key-file. Nothing was changed.");
        }

        if (toPassphrase && useKeyFile is not null)
        {
            throw CliException.Usage("Rotate onto either a new passphrase or --use-key-file. Nothing was changed.");
        }

        if (_kdf.IsGiven(parseResult) && !toPassphrase)
        {
            throw CliException.Usage("--kdf-memory-kib and --kdf-iterations go with a new passphrase. Nothing was changed.");
        }

        // Everything about the new key is settled before the session: a weak key or a mistyped passphrase changes nothing.
        var newPassphrase = toPassphrase ? await _newPassphrase.RequireAsync(parseResult, Context, confirm: true).ConfigureAwait(false) : null;
        var kdf = toPassphrase ? _kdf.Create(parseResult) : null;
        var newKey = newPassphrase is not null ? null
            : useKeyFile is not null ? RawKeyStrength.EnsureFull(ClientKeySource.ReadKeyFile(Context, useKeyFile), "The key in --use-key-file")
            : ClientKey.Generate();
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.RequireForProjectAsync(parseResult, Context, session.Organization, project, "The current client key is needed to rotate", cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        string? newKeyPath = null;
        if (newKey is not null && parseResult.GetValue(_newKeyFile) is { } file)
        {
            // Written before anything changes on the server, so that the new key cannot be lost.
            newKeyPath = Context.ResolvePath(file.ToString());
            NewKeyFile.Write(newKeyPath, newKey);
        }

        RotationProgress? progress = null;
        ClientKeyRotationOutcome outcome;
        try
        {
            outcome = await Terminal.WithProgressAsync(Context, WantsJson(parseResult), live =>
            {
                progress = new RotationProgress(Context.Error, live, preparing: kdf is null ? null : KeyCheckProgress.NewPassphrase(kdf));
                var secrets = new ClientManagedSecrets(session.Organization, project, key);
                // Run off this thread: the library reports synchronously, and the bars redraw on their own.
                return Task.Run(() => newPassphrase is not null
                    ? secrets.RotateToPassphraseAsync(newPassphrase, kdf, progress, cancellationToken)
                    : secrets.RotateKeyAsync(newKey, progress: progress, cancellationToken: cancellationToken), cancellationToken);
            }).ConfigureAwait(false);
        }
        catch when (progress?.Rotated == true && newKey is null)
        {
            await InformAsync("The key was rotated onto the new passphrase but the history was not finished; old versions stay under the old key until 'envelope keys rotate --client --resume --passphrase' with the old key or passphrase (--old-key-file OLD_KEY_FILE, or --old-passphrase / --old-passphrase-file / ENVELOPE_OLD_PASSPHRASE) moves them.").ConfigureAwait(false);
            throw;
        }
        catch when (progress?.Rotated == true)
        {
            // The project is on the new key already: it must not be lost with the error.
            // A key brought with --use-key-file is in its file already: named, never printed.
            await RevealNewKeyAsync(newKey!, useKeyFile is null ? newKeyPath : Context.ResolvePath(useKeyFile.ToString())).ConfigureAwait(false);
            await InformAsync("The key was rotated but the history was not finished; old versions stay under the old key until you run 'envelope keys rotate --client --resume --key-file NEW_KEY_FILE' with --old-key-file OLD_KEY_FILE, or with --old-passphrase / ENVELOPE_OLD_PASSPHRASE when the old key came from a passphrase (it carries on where this stopped).").ConfigureAwait(false);
            throw;
        }

        if (WantsJson(parseResult))
        {
            var shown = newKeyPath is null && useKeyFile is null ? newKey : null;
            await WriteJsonAsync(new ClientRotateOutput(project, outcome.KeyVersion, outcome.SecretsReEncrypted, outcome.VersionsReEncrypted,
                shown, newKeyPath), CliJson.Default.ClientRotateOutput).ConfigureAwait(false);
            if (shown is null)
            {
                await InformAsync(newPassphrase is not null
                    ? "The new passphrase opens the secrets from now on; the old key or passphrase no longer does."
                    : $"The project is on the key in {newKeyPath ?? useKeyFile!.ToString()}; the old key no longer opens the secrets.").ConfigureAwait(false);
            }
            else
            {
                await InformAsync("warning: new_key is the project's key from now on and is shown only once; store it safely now.").ConfigureAwait(false);
            }
        }
        else if (newKey is null || useKeyFile is not null)
        {
            await InformAsync(newPassphrase is not null
                ? "The new passphrase opens the secrets from now on; the old key or passphrase no longer does."
                : $"The project is on the key in {useKeyFile}; the old key no longer opens the secrets.").ConfigureAwait(false);
        }
        else
        {
            await RevealNewKeyAsync(newKey, newKeyPath).ConfigureAwait(false);
        }

        await InformAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rotated the client key of {project}: key version {outcome.KeyVersion}, {outcome.SecretsReEncrypted} secrets and {outcome.VersionsReEncrypted} old versions re-encrypted.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The history step alone, with the current key and the retired one: the server lists what is still pending, so a
    /// second run carries on where the first stopped, and a run with nothing pending does nothing.
    /// </summary>
    private async Task<int> ResumeClientAsync(ParseResult parseResult, string project, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_newKeyFile) is not null)
        {
            throw CliException.Usage("--resume makes no new key; --new-key-file does not go with it.");
        }

        var oldKeyFile = parseResult.GetValue(_oldKeyFile);
        var oldPassphraseGiven = _oldPassphrase.IsRequested(parseResult) || Context.GetVariable(EnvironmentVariables.OldPassphrase) is not null;
        if (oldKeyFile is not null && oldPassphraseGiven)
        {
            throw CliException.Usage($"Give the retired key as either --old-key-file or the old passphrase (--old-passphrase, --old-passphrase-file, {EnvironmentVariables.OldPassphrase}), not both. Nothing was changed.");
        }

        if (oldKeyFile is null && !oldPassphraseGiven)
        {
            throw CliException.Usage($"--resume needs the key the remaining old versions are under: --old-key-file, or the old passphrase (--old-passphrase, --old-passphrase-file, {EnvironmentVariables.OldPassphrase}).");
        }

        var oldPassphrase = oldKeyFile is null ? await _oldPassphrase.RequireAsync(parseResult, Context, confirm: false).ConfigureAwait(false) : null;
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.RequireForProjectAsync(parseResult, Context, session.Organization, project, "--resume needs the project's current key", cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        IReadOnlyList<string> oldKeys = oldKeyFile is not null
            ? [ClientKeySource.ReadKeyFile(Context, oldKeyFile)]
            : await DeriveOldKeysAsync(parseResult, session.Organization, project, oldPassphrase!, cancellationToken).ConfigureAwait(false);
        var moved = await Terminal.WithProgressAsync(Context, WantsJson(parseResult), live =>
            Task.Run(() => new ClientManagedSecrets(session.Organization, project, key)
                .ReEncryptHistoryAsync(oldKeys, new RotationProgress(Context.Error, live, deriving: false), cancellationToken), cancellationToken)).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            var current = await session.Organization.EncryptionKeys.GetAsync(project, cancellationToken).ConfigureAwait(false);
            await WriteJsonAsync(new ClientRotateOutput(project, current.Version, 0, moved, null, null), CliJson.Default.ClientRotateOutput).ConfigureAwait(false);
        }

        await InformAsync(string.Create(CultureInfo.InvariantCulture, $"Moved {moved} old versions of {project} onto the current key.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The old passphrase stretched under the KDF metadata of each retired key version the pending old versions are
    /// under (each rotation onto a passphrase has its own salt, so each version its own key). The first pending batch
    /// names those versions; when more is pending than that batch shows, every retired passphrase version is derived,
    /// so that a later batch does not stop on a key it lacks.
    /// </summary>
    private async Task<IReadOnlyList<string>> DeriveOldKeysAsync(ParseResult parseResult, OrganizationClient organization, string project, string passphrase, CancellationToken cancellationToken)
    {
        var pending = await organization.EncryptionKeys.GetPendingHistoryAsync(project, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (pending.Versions.Count == 0)
        {
            return [];
        }

        var history = await organization.EncryptionKeys.GetHistoryAsync(project, cancellationToken).ConfigureAwait(false);
        var under = pending.Versions.Select(v => v.KeyVersion).ToHashSet();
        var everything = pending.Remaining > pending.Versions.Count;
        var candidates = history.Where(k => !k.Active && (everything || under.Contains(k.Version))).ToList();
        var derivable = candidates.Where(k => k.Kdf is not null).ToList();
        if (derivable.Count == 0)
        {
            var versions = string.Join(", ", under.Order().Select(v => string.Create(CultureInfo.InvariantCulture, $"v{v}")));
            throw CliException.Usage($"The remaining old versions are under key {versions}, which no passphrase derived: give that key with --old-key-file. Nothing was changed.");
        }

        var keys = new List<string>(derivable.Count);
        foreach (var version in derivable)
        {
            var kdf = version.Kdf!.ToKdf();
            keys.Add(await Terminal.WithIndeterminateAsync(Context, WantsJson(parseResult), KeyCheckProgress.Passphrase(kdf),
                () => Task.Run(() => PassphraseKey.Derive(passphrase, kdf), cancellationToken)).ConfigureAwait(false));
        }

        return keys;
    }

    private async Task RevealNewKeyAsync(string newKey, string? newKeyPath)
    {
        if (newKeyPath is not null)
        {
            await InformAsync($"The new key is in {newKeyPath}; use it from now on (the old key no longer opens the secrets).").ConfigureAwait(false);
            return;
        }

        await Context.Out.WriteLineAsync(newKey).ConfigureAwait(false);
        await InformAsync("warning: the line above is the project's NEW client key, shown only once. Store it safely now; the old key no longer opens the secrets.").ConfigureAwait(false);
    }
}
