using Microsoft.Extensions.Configuration;

namespace Envelope.Client.Internal;

/// <summary>
/// The merged secrets of one level as configuration data: decrypted by the server, or here with a client key (given, or
/// derived once from a passphrase on the first load). Keys map <c>__</c> to <c>:</c> and compare case-insensitively, as
/// configuration does.
/// </summary>
internal sealed class SecretsSnapshot(OrganizationClient organization, LevelPath level, string? clientKey, string? passphrase = null)
{
    private ClientManagedSecrets? _clientManaged = clientKey is null ? null : new ClientManagedSecrets(organization, level.Project, clientKey);

    public async Task<Dictionary<string, string?>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_clientManaged is null && passphrase is not null)
        {
            var key = await PassphraseKeys.DeriveForProjectAsync(organization, level.Project, passphrase, cancellationToken).ConfigureAwait(false);
            _clientManaged = new ClientManagedSecrets(organization, level.Project, key);
        }

        var merged = _clientManaged is not null
            ? (await _clientManaged.PullAsync(level, cancellationToken).ConfigureAwait(false)).Merged
            : await organization.Secrets.ReadMergedAsync(level, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, string?>(merged.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in merged)
        {
            data[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }

        return data;
    }

    public static bool SameValues(IDictionary<string, string?> current, Dictionary<string, string?> loaded) =>
        current.Count == loaded.Count
        && loaded.All(pair => current.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
}
