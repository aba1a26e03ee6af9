using Envelope.Client.Internal;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Client;

/// <summary>
/// Secrets of a client-managed project, encrypted and decrypted here with the client key, which never leaves this
/// process: push a <c>.env</c> text to a level, pull and merge the levels, and rotate the key end to end.
/// </summary>
/// <remarks>
/// Pushing needs <c>key:retrieve</c> (for the key-proof parameters), <c>secret:read</c> (for the level's place, which a
/// v2 blob is bound to) and <c>secret:write</c>; pulling needs
/// <c>secret:read</c>; rotating also needs <c>key:rotate</c>, <c>target:read</c> and <c>environment:read</c>.
/// </remarks>
public sealed class ClientManagedSecrets
{
    private readonly OrganizationClient _organization;
    private readonly string _key;
    private readonly ProofCache _proofs;

    /// <summary>Creates the helper for one project and key.</summary>
    /// <param name="organization">The organization's client.</param>
    /// <param name="project">The project's slug.</param>
    /// <param name="key">The client key: a generated key (<see cref="ClientKey.Generate"/>) or a passphrase.</param>
    public ClientManagedSecrets(OrganizationClient organization, string project, string key)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentNullException.ThrowIfNull(key);
        _organization = organization;
        _key = key;
        _proofs = new ProofCache(organization.EncryptionKeys, project, key);
        Project = project;
    }

    /// <summary>The project's slug.</summary>
    public string Project { get; }

    /// <summary>
    /// A request creating a client-managed project whose key check is computed from <paramref name="key"/> with a fresh salt.
    /// </summary>
    /// <param name="name">The project's name.</param>
    /// <param name="key">The client key.</param>
    /// <param name="slug">The slug; derived from the name when <see langword="null"/>.</param>
    /// <param name="iterations">The PBKDF2 iterations of the key check, at least <see cref="KeyProof.MinimumIterations"/>.</param>
    /// <returns>The request, for <see cref="ProjectsClient.CreateAsync"/>.</returns>
    public static CreateProjectRequest CreateProjectRequest(string name, string key, string? slug = null, int iterations = KeyProof.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        var salt = KeyProof.GenerateSalt();
        return new CreateProjectRequest
        {
            Name = name,
            Slug = slug,
            KeyManagement = KeyManagement.Client,
            KeyCheck = KeyProof.Compute(key, salt, iterations),
            KeyCheckSalt = Convert.ToBase64String(salt),
            KeyCheckIterations = iterations,
        };
    }

    /// <summary>
    /// A request creating a client-managed project keyed by a passphrase: the key is derived with <paramref name="kdf"/>
    /// (default parameters and a fresh salt when <see langword="null"/>) and the metadata travels with the key check.
    /// </summary>
    /// <param name="name">The project's name.</param>
    /// <param name="passphrase">The passphrase.</param>
    /// <param name="slug">The slug; derived from the name when <see langword="null"/>.</param>
    /// <param name="kdf">The Argon2id parameters.</param>
    /// <returns>The request, and the derived client key to use with this class.</returns>
    public static (CreateProjectRequest Request, string Key) CreatePassphraseProjectRequest(string name, string passphrase, string? slug = null, PassphraseKdf? kdf = null)
    {
        kdf ??= PassphraseKdf.CreateDefault();
        var key = PassphraseKey.Derive(passphrase, kdf);
        var request = CreateProjectRequest(name, key, slug);
        return (new CreateProjectRequest
        {
            Name = request.Name, Slug = request.Slug, KeyManagement = request.KeyManagement,
            KeyCheck = request.KeyCheck, KeyCheckSalt = request.KeyCheckSalt, KeyCheckIterations = request.KeyCheckIterations,
            Kdf = PassphraseKdfMetadata.From(kdf),
        }, key);
    }

    /// <summary>Encrypts <c>.env</c> text under the client key as a v1 blob, bound to no place (what spec clients write).</summary>
    /// <param name="dotenv">The text.</param>
    /// <returns>The v1 blob.</returns>
    public string Encrypt(string dotenv)
    {
        ArgumentNullException.ThrowIfNull(dotenv);
        return SecretsBlob.EncryptWithClientKey(_key, dotenv);
    }

    /// <summary>Seals <c>.env</c> text under the client key as a v2 blob bound to <paramref name="place"/>.</summary>
    /// <param name="dotenv">The text.</param>
    /// <param name="place">The level's place (<see cref="EncryptedSecrets.Place"/>) and the key version of this client key.</param>
    /// <returns>The v2 blob.</returns>
    public string Encrypt(string dotenv, BlobPlace place)
    {
        ArgumentNullException.ThrowIfNull(dotenv);
        ArgumentNullException.ThrowIfNull(place);
        return SecretsBlob.SealWithClientKey(_key, dotenv, place);
    }

    /// <summary>Decrypts a v1 blob with the client key.</summary>
    /// <param name="content">The blob.</param>
    /// <returns>The <c>.env</c> text.</returns>
    /// <exception cref="EnvelopeDecryptionException">The blob does not decrypt with this key, or is v2 (open it with <see cref="Decrypt(EncryptedLevel)"/>).</exception>
    public string Decrypt(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SecretsBlob.TryDecryptWithClientKey(_key, content, out var text) ? text : throw new EnvelopeDecryptionException("The content does not decrypt with this client key: the key is wrong or was rotated.");
    }

    /// <summary>Opens a level's v1 or v2 blob with the client key, at the place the server reported for it.</summary>
    /// <param name="level">The level, as a read returned it.</param>
    /// <returns>The <c>.env</c> text.</returns>
    /// <exception cref="EnvelopeDecryptionException">The blob does not open with this key at its place.</exception>
    public string Decrypt(EncryptedLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return ClientBlobs.TryOpen(_key, level, out var text) == BlobOpenStatus.Opened
            ? text!
            : throw new EnvelopeDecryptionException($"Secret {level.Id} (key version {ClientBlobs.Version(level.KeyVersion)}) does not decrypt with this client key at its level: the key is wrong or was rotated, or the blob was moved.");
    }

    /// <summary>
    /// Stores <c>.env</c> text at a level, sealed under the client key as a v2 blob bound to the level's place and key
    /// version, with the proof of the key. The text is checked first, since the server cannot read it. Not retried on
    /// ambiguous failures (see <see cref="SecretsClient.StoreAsync"/>).
    /// </summary>
    /// <remarks>Reads the level first for its place, so the token also needs <c>secret:read</c>.</remarks>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="dotenv">The level's whole <c>.env</c> text.</param>
    /// <param name="noBackup">Whether to skip recording a version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The level written and the version recorded.</returns>
    /// <exception cref="DotEnvFormatException">The text is not valid <c>.env</c>.</exception>
    /// <exception cref="EnvelopeApiException"><see cref="EnvelopeErrorCodes.KeyProofMismatch"/> when the key is not the project's.</exception>
    public async Task<StoredSecrets> PushAsync(LevelPath level, string dotenv, bool noBackup = false, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        ArgumentNullException.ThrowIfNull(dotenv);
        _ = DotEnv.Parse(dotenv);
        var (proof, keyVersion) = await _proofs.CurrentKeyAsync(cancellationToken).ConfigureAwait(false);
        var read = await _organization.Secrets.ReadAsync(level, cancellationToken).ConfigureAwait(false);
        var content = read.Place is { } place ? Encrypt(dotenv, place.WithKeyVersion(keyVersion)) : Encrypt(dotenv);
        return await _organization.Secrets.StoreAsync(level, content, proof, noBackup, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a level and the levels above it, decrypts each here, and merges them: the deepest level that defines a key wins.</summary>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each level's values and the merge.</returns>
    /// <exception cref="EnvelopeDecryptionException">A level does not decrypt with this key.</exception>
    /// <exception cref="EnvelopeBlobBoundElsewhereException">A level's v2 blob was moved there from another level or key version.</exception>
    public async Task<DecryptedSecrets> PullAsync(LevelPath level, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        var read = await _organization.Secrets.ReadAsync(level, cancellationToken).ConfigureAwait(false);
        var texts = ClientBlobs.OpenAll(_key, read);
        var project = Parse(read.Project, texts);
        var target = Parse(read.Target, texts);
        var environment = Parse(read.Environment, texts);
        return new DecryptedSecrets
        {
            Project = ToDictionary(project),
            Target = ToDictionary(target),
            Environment = ToDictionary(environment),
            Merged = DotEnv.Merge(project, target, environment),
            Encrypted = read,
        };
    }

    /// <summary>The merged values of a level as <c>.env</c> text, decrypted here.</summary>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>.env</c> text.</returns>
    public async Task<string> PullDotEnvAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        DotEnv.Serialize((await PullAsync(level, cancellationToken).ConfigureAwait(false)).Merged);

    /// <summary>Fetches a version and decrypts its content with the client key.</summary>
    /// <param name="id">The version's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version's <c>.env</c> text.</returns>
    /// <exception cref="EnvelopeDecryptionException">The version is under another key.</exception>
    public async Task<string> ReadVersionAsync(long id, CancellationToken cancellationToken = default)
    {
        var version = await _organization.Versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return ClientBlobs.TryOpen(_key, version.Content ?? "", version.Place, version.KeyVersion, out var text) == BlobOpenStatus.Opened
            ? text!
            : throw new EnvelopeDecryptionException($"Version {id} (key version {ClientBlobs.Version(version.KeyVersion)}) does not decrypt with this client key at its level.");
    }

    /// <summary>
    /// Rotates the project's key end to end: re-encrypts every current blob under the new key, swaps them and the key check
    /// on the server in one transaction (proving the current key), then moves every historical version onto the new key
    /// in batches until none remains.
    /// </summary>
    /// <param name="newKey">The new key; a generated one when <see langword="null"/>.</param>
    /// <param name="iterations">The PBKDF2 iterations of the new key check.</param>
    /// <param name="progress">Receives each step.</param>
    /// <param name="cancellationToken">Cancels the rotation between steps; once rotated, call <see cref="ReEncryptHistoryAsync"/> with the new key to finish.</param>
    /// <returns>The new key and what was re-encrypted.</returns>
    /// <exception cref="EnvelopeDecryptionException">A current blob does not decrypt with this key (nothing changed), or a historical version under no known key.</exception>
    public async Task<ClientKeyRotationOutcome> RotateKeyAsync(
        string? newKey = null, int iterations = KeyProof.DefaultIterations, IProgress<ClientKeyRotationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var rotator = new ClientKeyRotator(_organization, Project, progress);
        var (proof, keyVersion) = await _proofs.CurrentKeyAsync(cancellationToken).ConfigureAwait(false);
        return await rotator.RotateAsync(_key, proof, keyVersion, newKey ?? ClientKey.Generate(), iterations, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rotates the project onto a key stretched from <paramref name="passphrase"/> (see <see cref="RotateKeyAsync"/>): the
    /// key is derived here with <paramref name="kdf"/> (default parameters, fresh salt when <see langword="null"/>) and
    /// the metadata is stored with the new key version.
    /// </summary>
    /// <param name="passphrase">The new passphrase.</param>
    /// <param name="kdf">The Argon2id parameters.</param>
    /// <param name="progress">Receives each step.</param>
    /// <param name="cancellationToken">Cancels the rotation between steps.</param>
    /// <returns>The new (derived) key and what was re-encrypted.</returns>
    public async Task<ClientKeyRotationOutcome> RotateToPassphraseAsync(
        string passphrase, PassphraseKdf? kdf = null, IProgress<ClientKeyRotationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        kdf ??= PassphraseKdf.CreateDefault();
        var newKey = await Task.Run(() => PassphraseKey.Derive(passphrase, kdf), cancellationToken).ConfigureAwait(false);
        var rotator = new ClientKeyRotator(_organization, Project, progress);
        var (proof, keyVersion) = await _proofs.CurrentKeyAsync(cancellationToken).ConfigureAwait(false);
        return await rotator.RotateAsync(_key, proof, keyVersion, newKey, KeyProof.DefaultIterations, cancellationToken, PassphraseKdfMetadata.From(kdf)).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves historical versions still under retired keys onto this helper's key, which must be the project's current key:
    /// finishes a rotation that stopped before its history was done.
    /// </summary>
    /// <param name="previousKeys">The retired keys the pending versions may be under.</param>
    /// <param name="progress">Receives each batch.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>How many versions were re-encrypted.</returns>
    public async Task<int> ReEncryptHistoryAsync(IEnumerable<string> previousKeys, IProgress<ClientKeyRotationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previousKeys);
        var proof = await _proofs.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var rotator = new ClientKeyRotator(_organization, Project, progress);
        return await rotator.ReEncryptHistoryAsync([.. previousKeys], _key, proof, cancellationToken).ConfigureAwait(false);
    }

    private void CheckLevel(LevelPath level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (!string.Equals(level.Project, Project, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The level is in project '{level.Project}', this helper's key is for '{Project}'.", nameof(level));
        }
    }

    private static IReadOnlyList<DotEnvEntry>? Parse(EncryptedLevel? level, IReadOnlyDictionary<EncryptedLevel, string> texts) =>
        level is null ? null : DotEnv.Parse(texts[level]);

    private static Dictionary<string, string>? ToDictionary(IReadOnlyList<DotEnvEntry>? entries)
    {
        if (entries is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            values[entry.Key] = entry.Value;
        }

        return values;
    }
}
