using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// Read-modify-write of one level's own secrets (not the merge) that refuses to overwrite a change made meanwhile: it
/// notes the level's newest version and its stored blob before reading, and checks both again just before writing.
/// </summary>
internal sealed class LevelEditor
{
    private readonly OrganizationClient _organization;
    private readonly LevelPath _level;
    private readonly string? _key;

    private LevelEditor(OrganizationClient organization, LevelPath level, string? key)
    {
        _organization = organization;
        _level = level;
        _key = key;
    }

    public List<DotEnvEntry> Entries { get; private set; } = [];

    private Snapshot Before { get; set; }

    public static async Task<LevelEditor> ReadAsync(OrganizationClient organization, LevelPath level, string? key, CancellationToken cancellationToken)
    {
        var editor = new LevelEditor(organization, level, key);
        editor.Before = await editor.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (editor.Before.Blob is { } blob)
        {
            var text = key is not null
                ? new ClientManagedSecrets(organization, level.Project, key).Decrypt(blob)
                : BlobKeys.Decrypt(blob.Content, blob.Place, blob.KeyVersion, editor.Before.Descriptor, [], $"The secrets of {level}");
            editor.Entries = [.. DotEnv.Parse(text)];
        }

        return editor;
    }

    /// <summary>Writes the entries back, unless the level changed since it was read (exit code 6).</summary>
    public async Task<StoredSecrets> WriteAsync(CancellationToken cancellationToken)
    {
        var now = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (now.VersionId != Before.VersionId || now.Blob?.Content != Before.Blob?.Content)
        {
            throw new CliException(ExitCodes.Conflict, "remote_changed",
                $"The secrets of {_level} changed on the server since they were read (newest version {Describe(Before.VersionId)} → {Describe(now.VersionId)}); nothing was written. Run the command again.");
        }

        return await SecretsGateway.PushAsync(_organization, _level, DotEnv.Serialize(Entries), _key, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(long? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        // The version first: a write landing between the two reads then shows up in the check before writing.
        var page = await _organization.Versions.GetPageAsync(_level, 1, 1, cancellationToken).ConfigureAwait(false);
        var newest = page.Items.Count > 0 ? page.Items[0].Id : (long?)null;
        EncryptedSecrets read = _key is not null
            ? await _organization.Secrets.ReadAsync(_level, cancellationToken).ConfigureAwait(false)
            : await _organization.Secrets.RetrieveEncryptedAsync(_level, includeKeys: true, cancellationToken).ConfigureAwait(false);
        var blob = _level.Environment is not null ? read.Environment : _level.Target is not null ? read.Target : read.Project;
        var descriptor = blob is null ? null : read.Keys.FirstOrDefault(k => k.Version == blob.KeyVersion);
        return new Snapshot(newest, blob, descriptor);
    }

    private readonly record struct Snapshot(long? VersionId, EncryptedLevel? Blob, KeyDescriptor? Descriptor);
}
