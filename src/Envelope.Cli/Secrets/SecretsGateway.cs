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

    public static async Task<IReadOnlyDictionary<string, string>> PullMergedAsync(OrganizationClient organization, LevelPath level, string? key, CancellationToken cancellationToken)
    {
        var secrets = key is null
            ? await new ServerManagedSecrets(organization, level.Project).PullAsync(level, cancellationToken).ConfigureAwait(false)
            : await new ClientManagedSecrets(organization, level.Project, key).PullAsync(level, cancellationToken).ConfigureAwait(false);
        return secrets.Merged;
    }
}
