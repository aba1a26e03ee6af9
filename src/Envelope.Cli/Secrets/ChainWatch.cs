using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Secrets;

/// <summary>The newest version the CLI has seen of one level, with its chain hash.</summary>
internal sealed record SeenVersion(long Version, string Hash);

/// <summary>
/// Catches a server that answers a client-managed pull with an older version than it answered before (a rollback): the
/// end-to-end key keeps the server from forging values, but not from replaying old ones. For each level the CLI keeps
/// the newest version and chain hash it received (<c>chain-state.json</c> beside the credentials); a later answer must
/// be that same version, or a newer one whose chain of <c>previous</c> links reaches it with the same hash.
/// </summary>
/// <remarks>
/// Walking the links takes <c>secret:history</c>; with a token that lacks it, only "never older, never the same
/// version with another hash" is checked, and the state still moves forward. docs/cli.md says so.
/// </remarks>
internal sealed class ChainWatch(CliContext context, Uri server)
{
    private const string FileName = "chain-state.json";

    private string FilePath => Path.Combine(CredentialStore.ResolveDirectory(context), FileName);

    /// <summary>Checks every level of <paramref name="secrets"/> against the state, then records what was received.</summary>
    /// <exception cref="CliException"><c>rollback_detected</c>: the server answered with history that does not extend what it answered before.</exception>
    public async Task CheckAsync(OrganizationClient organization, LevelPath level, EncryptedSecrets secrets, CancellationToken cancellationToken)
    {
        var state = Read();
        var changed = false;
        foreach (var (path, received) in Levels(level, secrets))
        {
            if (received.Version is not { } version || received.VersionHash is not { } hash)
            {
                continue;
            }

            var key = StateKey(organization.Id, path);
            if (state.TryGetValue(key, out var seen))
            {
                await CheckExtendsAsync(organization, path, seen, version, hash, cancellationToken).ConfigureAwait(false);
            }

            if (seen is null || seen.Version != version)
            {
                state[key] = new SeenVersion(version, hash);
                changed = true;
            }
        }

        if (changed)
        {
            Write(state);
        }
    }

    private static async Task CheckExtendsAsync(OrganizationClient organization, LevelPath path, SeenVersion seen, long version, string hash, CancellationToken cancellationToken)
    {
        if (version < seen.Version)
        {
            throw Rollback(path, $"the server answered with version {version}, older than version {seen.Version} it answered before");
        }

        if (version == seen.Version)
        {
            if (!SameHash(hash, seen.Hash))
            {
                throw Rollback(path, $"version {version} now has another chain hash than when it was first received");
            }

            return;
        }

        var links = new Dictionary<long, SecretVersion>();
        try
        {
            await foreach (var listed in organization.Versions.ListAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                links[listed.Id] = listed;
                if (listed.Id <= seen.Version)
                {
                    break;
                }
            }
        }
        catch (EnvelopeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            // Without secret:history the links cannot be walked; newer-than-seen is all that can be said.
            return;
        }

        // From the version received back along its previous links, to the one seen last time.
        var at = version;
        var expected = hash;
        while (at > seen.Version)
        {
            if (!links.TryGetValue(at, out var link) || link.Chain?.Hash is not { } linkHash || !SameHash(linkHash, expected))
            {
                throw Rollback(path, $"version {at} is not the link the server's answer named");
            }

            if (link.Chain.PreviousVersion is not { } previous || link.Chain.PreviousHash is not { } previousHash)
            {
                throw Rollback(path, $"version {at} starts a new chain instead of extending version {seen.Version}");
            }

            (at, expected) = (previous, previousHash);
        }

        if (at != seen.Version || !SameHash(expected, seen.Hash))
        {
            throw Rollback(path, $"the chain from version {version} does not pass through version {seen.Version} as it was received before");
        }
    }

    /// <summary>Each level of the answer that holds a blob, with the level path it lives at.</summary>
    private static IEnumerable<(LevelPath Path, EncryptedLevel Level)> Levels(LevelPath level, EncryptedSecrets secrets)
    {
        if (secrets.Project is { } project)
        {
            yield return (new LevelPath(level.Project), project);
        }

        if (secrets.Target is { } target && level.Target is not null)
        {
            yield return (new LevelPath(level.Project, level.Target), target);
        }

        if (secrets.Environment is { } environment && level.Target is not null && level.Environment is not null)
        {
            yield return (new LevelPath(level.Project, level.Target, level.Environment), environment);
        }
    }

    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a.ToLowerInvariant()), Encoding.ASCII.GetBytes(b.ToLowerInvariant()));

    private string StateKey(string organization, LevelPath path) =>
        $"{server.GetLeftPart(UriPartial.Authority)}{server.AbsolutePath.TrimEnd('/')}|{organization.ToLowerInvariant()}|{path}";

    private static CliException Rollback(LevelPath path, string why) =>
        new(ExitCodes.HistoryRollback, "rollback_detected",
            $"Refusing the secrets of {path}: {why}. The server (or someone with its database) may be serving old secrets. " +
            "Check with 'envelope versions verify' and your administrator; the state is in chain-state.json beside your credentials.");

    private Dictionary<string, SeenVersion> Read()
    {
        if (!File.Exists(FilePath))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            return new(JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJson.Default.DictionaryStringSeenVersion) ?? [], StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Error, "invalid_chain_state", $"{FilePath} is not valid JSON; fix or remove it (removing it forgets what was seen).");
        }
    }

    private void Write(Dictionary<string, SeenVersion> state)
    {
        var directory = CredentialStore.ResolveDirectory(context);
        Directory.CreateDirectory(directory);
        // Beside the file and moved over it: a crash never leaves half a state, which would read as a rollback or as nothing seen.
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, CliJson.Default.DictionaryStringSeenVersion));
        File.Move(temporary, FilePath, overwrite: true);
    }
}
