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
    public static async Task<IReadOnlyDictionary<string, string>> PullLevelAsync(OrganizationClient organization, LevelPath level, string? key, bool merged, CancellationToken cancellationToken)
    {
        var secrets = key is null
            ? await new ServerManagedSecrets(organization, level.Project).PullAsync(level, cancellationToken).ConfigureAwait(false)
            : await new ClientManagedSecrets(organization, level.Project, key).PullAsync(level, cancellationToken).ConfigureAwait(false);
        var own = level.Environment is not null ? secrets.Environment : level.Target is not null ? secrets.Target : secrets.Project;
        return merged ? secrets.Merged : own ?? new Dictionary<string, string>();
    }

    public static async Task<IReadOnlyDictionary<string, string>> PullMergedAsync(OrganizationClient organization, LevelPath level, string? key, CancellationToken cancellationToken)
    {
        var secrets = key is null
            ? await new ServerManagedSecrets(organization, level.Project).PullAsync(level, cancellationToken).ConfigureAwait(false)
            : await new ClientManagedSecrets(organization, level.Project, key).PullAsync(level, cancellationToken).ConfigureAwait(false);
        return secrets.Merged;
    }
}
