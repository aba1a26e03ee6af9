using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>An old version's content, decrypted here: with its data key (server-managed) or a client key.</summary>
internal static class VersionContent
{
    public static async Task<string> ReadAsync(OrganizationClient organization, long id, IReadOnlyList<string> clientKeys, CancellationToken cancellationToken)
    {
        var version = await organization.Versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (version.Content is null || version.DestroyedAt is not null)
        {
            throw new CliException(ExitCodes.Conflict, EnvelopeErrorCodes.VersionDestroyed, $"Version {id} was destroyed; only its metadata is left.");
        }

        return BlobKeys.Decrypt(version, clientKeys, $"Version {id}");
    }

    public static async Task<IReadOnlyDictionary<string, string>> ReadValuesAsync(OrganizationClient organization, long id, IReadOnlyList<string> clientKeys, CancellationToken cancellationToken) =>
        ToValues(await ReadAsync(organization, id, clientKeys, cancellationToken).ConfigureAwait(false));

    public static IReadOnlyDictionary<string, string> ToValues(string dotenv)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in DotEnv.Parse(dotenv))
        {
            values[entry.Key] = entry.Value;
        }

        return values;
    }
}
