using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Client;

/// <summary>
/// Secrets of a server-managed project: pushed encrypted under the project's current data key (the server refuses a blob
/// that does not decrypt under it), pulled decrypted and merged by the server.
/// </summary>
/// <remarks>
/// Pushing needs <c>key:retrieve</c> and <c>secret:write</c>; pulling needs <c>secret:read</c> and <c>secret:decrypt</c>.
/// The data key is fetched for each push and wiped from memory once used.
/// </remarks>
public sealed class ServerManagedSecrets
{
    private readonly OrganizationClient _organization;

    /// <summary>Creates the helper for one project.</summary>
    /// <param name="organization">The organization's client.</param>
    /// <param name="project">The project's slug.</param>
    public ServerManagedSecrets(OrganizationClient organization, string project)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        _organization = organization;
        Project = project;
    }

    /// <summary>The project's slug.</summary>
    public string Project { get; }

    /// <summary>
    /// Stores <c>.env</c> text at a level, encrypted under the project's current data key. When a rotation lands between
    /// fetching the key and storing (<see cref="EnvelopeErrorCodes.ContentNotDecryptable"/>), it is encrypted again under
    /// the new key, once.
    /// </summary>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="dotenv">The level's whole <c>.env</c> text.</param>
    /// <param name="noBackup">Whether to skip recording a version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The level written and the version recorded.</returns>
    /// <exception cref="DotEnvFormatException">The text is not valid <c>.env</c>.</exception>
    public async Task<StoredSecrets> PushAsync(LevelPath level, string dotenv, bool noBackup = false, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        ArgumentNullException.ThrowIfNull(dotenv);
        _ = DotEnv.Parse(dotenv);
        try
        {
            return await PushOnceAsync(level, dotenv, noBackup, cancellationToken).ConfigureAwait(false);
        }
        catch (EnvelopeApiException e) when (e.ErrorCode == EnvelopeErrorCodes.ContentNotDecryptable)
        {
            return await PushOnceAsync(level, dotenv, noBackup, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A level and the levels above it, decrypted by the server, each level apart and merged.</summary>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each level's values and the merge.</returns>
    public Task<DecryptedSecrets> PullAsync(LevelPath level, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        return _organization.Secrets.ReadDecryptedAsync(level, cancellationToken);
    }

    /// <summary>The merged values of a level as <c>.env</c> text, decrypted by the server.</summary>
    /// <param name="level">A level of <see cref="Project"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>.env</c> text.</returns>
    public Task<string> PullDotEnvAsync(LevelPath level, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        return _organization.Secrets.ReadRawAsync(level, cancellationToken);
    }

    private async Task<StoredSecrets> PushOnceAsync(LevelPath level, string dotenv, bool noBackup, CancellationToken cancellationToken)
    {
        var key = await _organization.EncryptionKeys.GetAsync(Project, cancellationToken).ConfigureAwait(false);
        if (key.Managed != KeyManagement.Server || key.Key is null)
        {
            throw new InvalidOperationException($"Project '{Project}' is client-managed: use ClientManagedSecrets with its client key.");
        }

        string content;
        try
        {
            content = SecretsBlob.EncryptWithDataKey(key.Key, dotenv);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The server's data key is not base64 of 32 bytes.");
        }

        return await _organization.Secrets.StoreAsync(level, content, keyProof: null, noBackup, cancellationToken).ConfigureAwait(false);
    }

    private void CheckLevel(LevelPath level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (!string.Equals(level.Project, Project, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The level is in project '{level.Project}', this helper is for '{Project}'.", nameof(level));
        }
    }
}
