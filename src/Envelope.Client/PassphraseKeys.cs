using Envelope.Crypto;

namespace Envelope.Client;

/// <summary>
/// Client keys stretched from passphrases (Argon2id, see docs/encryption.md "Passphrase KDF"): derived here with the
/// parameters the project stores, so the server-side format is the generated-key format.
/// </summary>
public static class PassphraseKeys
{
    /// <summary>
    /// Reads the project's KDF metadata and derives its current client key from <paramref name="passphrase"/>. This is
    /// deliberately slow (tens of MiB and about a second): derive once and keep the key.
    /// </summary>
    /// <param name="organization">The organization's client.</param>
    /// <param name="project">The project's slug.</param>
    /// <param name="passphrase">The passphrase.</param>
    /// <param name="cancellationToken">Cancels the read (not the derivation).</param>
    /// <returns>The client key, base64 of 32 bytes.</returns>
    /// <exception cref="EnvelopeDecryptionException">The project is not keyed by a passphrase, or its metadata is unusable.</exception>
    public static async Task<string> DeriveForProjectAsync(OrganizationClient organization, string project, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var details = await organization.Projects.GetAsync(project, cancellationToken).ConfigureAwait(false);
        var kdf = details.Kdf?.ToKdf()
            ?? throw new EnvelopeDecryptionException($"Project {project} is not keyed by a passphrase (it has no KDF metadata): use its client key.");
        return await Task.Run(() => PassphraseKey.Derive(passphrase, kdf), cancellationToken).ConfigureAwait(false);
    }
}
