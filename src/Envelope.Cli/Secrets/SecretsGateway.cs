using Envelope.Client;
using Envelope.Client.Models;

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
