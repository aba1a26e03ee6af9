using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// Pushes and pulls one level: with a client key, through <see cref="ClientManagedSecrets"/> (encrypted and decrypted
/// here); without, through <see cref="ServerManagedSecrets"/>.
/// </summary>
internal static class SecretsGateway
{
    public static Task<StoredSecrets> PushAsync(OrganizationClient organization, LevelPath level, string dotenv, string? key, CancellationToken cancellationToken) =>
        key is null
            ? new ServerManagedSecrets(organization, level.Project).PushAsync(level, dotenv, cancellationToken: cancellationToken)
            : new ClientManagedSecrets(organization, level.Project, key).PushAsync(level, dotenv, cancellationToken: cancellationToken);

    /// <summary>The level's values, decrypted: its own (what a push replaces), or merged with the levels above.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PullLevelAsync(
        OrganizationClient organization, LevelPath level, string? key, bool merged, CancellationToken cancellationToken, ChainWatch? watch = null)
    {
        var secrets = await PullAsync(organization, level, key, watch, cancellationToken).ConfigureAwait(false);
        var own = level.Environment is not null ? secrets.Environment : level.Target is not null ? secrets.Target : secrets.Project;
        return merged ? secrets.Merged : own ?? new Dictionary<string, string>();
    }

    /// <summary>
    /// The level's merged values, decrypted. With <paramref name="watch"/>, a client-managed answer must extend the history
    /// this CLI received before (<see cref="ChainWatch"/>); a server-managed one is the server's to vouch for.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> PullMergedAsync(
        OrganizationClient organization, LevelPath level, string? key, CancellationToken cancellationToken, ChainWatch? watch = null) =>
        (await PullAsync(organization, level, key, watch, cancellationToken).ConfigureAwait(false)).Merged;

    /// <summary>
    /// The level's merged values that match <paramref name="filters"/>: each level is filtered, then merged, as the server
    /// does. Server-managed: filtered by the server (<c>POST /secrets/retrieve</c>, action <c>decrypt</c>), so the other
    /// values never travel. Client-managed: the server cannot read them, so all are decrypted and filtered here.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> PullMergedAsync(
        OrganizationClient organization, LevelPath level, string? key, SecretFilters? filters, CancellationToken cancellationToken, ChainWatch? watch = null)
    {
        if (filters is null)
        {
            return await PullMergedAsync(organization, level, key, cancellationToken, watch).ConfigureAwait(false);
        }

        if (key is null)
        {
            return (await organization.Secrets.RetrieveDecryptedAsync(level, filters, cancellationToken).ConfigureAwait(false)).Merged;
        }

        var secrets = await PullAsync(organization, level, key, watch, cancellationToken).ConfigureAwait(false);
        // The decrypted dictionaries carry no tags: the levels the pull checked are opened again and parsed whole.
        var client = new ClientManagedSecrets(organization, level.Project, key);
        return DotEnv.Merge([.. secrets.Encrypted!.Levels().Select(l => SecretFilterOptions.Apply(DotEnv.Parse(client.Decrypt(l)), filters))]);
    }

    private static async Task<DecryptedSecrets> PullAsync(OrganizationClient organization, LevelPath level, string? key, ChainWatch? watch, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return await new ServerManagedSecrets(organization, level.Project).PullAsync(level, cancellationToken).ConfigureAwait(false);
        }

        var secrets = await new ClientManagedSecrets(organization, level.Project, key).PullAsync(level, cancellationToken).ConfigureAwait(false);
        if (watch is not null && secrets.Encrypted is { } encrypted)
        {
            await watch.CheckAsync(organization, level, encrypted, cancellationToken).ConfigureAwait(false);
        }

        return secrets;
    }
}
