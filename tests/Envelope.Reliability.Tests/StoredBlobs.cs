using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Envelope.Crypto;

namespace Envelope.Reliability.Tests;

/// <summary>
/// A project's keys, blobs and jobs read straight from the database, so that a check does not trust the server's own
/// reading of them: every current and historical blob must decrypt with the key version the row names, a server-managed
/// key unwrapped here with the master key, a client-managed one given by the test (its key check must match too).
/// </summary>
public sealed class StoredBlobs
{
    /// <summary>A stored blob and the ids of its level, which a v2 blob is bound to.</summary>
    public sealed record Blob(bool Current, string Id, int KeyVersion, string Content, string OrganizationId, string? TargetId, string? EnvironmentId);

    public sealed record Key(int Version, byte[]? WrappedKey, string? MasterKeyId, byte[]? KeyCheck, byte[]? KeyCheckSalt, int? KeyCheckIterations);

    public sealed record Job(string Id, string Status, string? LeaseOwner, int Processed, int Total, int Attempts, int TargetKeyVersion);

    public required string ProjectId { get; init; }
    public required int CurrentKeyVersion { get; init; }
    public required IReadOnlyDictionary<int, Key> Keys { get; init; }
    public required IReadOnlyList<Blob> Blobs { get; init; }

    public IEnumerable<Blob> Versions => Blobs.Where(b => !b.Current);

    public static async Task<string> ProjectIdAsync(ServerNode node, string organization, string slug)
    {
        await using var db = await node.OpenDatabaseAsync();
        return (string)(await ScalarAsync(db, """SELECT "Id" FROM projects WHERE "OrganizationId" = @o AND "Slug" = @s""", ("o", organization), ("s", slug)))!;
    }

    public static async Task<int> CurrentKeyVersionAsync(ServerNode node, string projectId)
    {
        await using var db = await node.OpenDatabaseAsync();
        return Convert.ToInt32(await ScalarAsync(db, """SELECT "CurrentKeyVersion" FROM projects WHERE "Id" = @p""", ("p", projectId)), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<StoredBlobs> ReadAsync(ServerNode node, string projectId)
    {
        await using var db = await node.OpenDatabaseAsync();
        var current = Convert.ToInt32(await ScalarAsync(db, """SELECT "CurrentKeyVersion" FROM projects WHERE "Id" = @p""", ("p", projectId)), System.Globalization.CultureInfo.InvariantCulture);
        var keys = new Dictionary<int, Key>();
        await foreach (var r in RowsAsync(db, """SELECT "Version", "WrappedKey", "MasterKeyId", "KeyCheck", "KeyCheckSalt", "KeyCheckIterations" FROM project_keys WHERE "ProjectId" = @p""", ("p", projectId)))
        {
            keys.Add(r.GetInt32(0), new Key(r.GetInt32(0), Bytes(r, 1), r.IsDBNull(2) ? null : r.GetString(2), Bytes(r, 3), Bytes(r, 4), r.IsDBNull(5) ? null : r.GetInt32(5)));
        }

        var blobs = new List<Blob>();
        await foreach (var r in RowsAsync(db, """SELECT s."Id", s."KeyVersion", s."Content", p."OrganizationId", s."TargetId", s."EnvironmentId" FROM secrets s JOIN projects p ON p."Id" = s."ProjectId" WHERE s."ProjectId" = @p AND s."Content" IS NOT NULL""", ("p", projectId)))
        {
            blobs.Add(new Blob(true, r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        await foreach (var r in RowsAsync(db, """SELECT v."Id", v."KeyVersion", v."Content", p."OrganizationId", s."TargetId", s."EnvironmentId" FROM secret_versions v JOIN secrets s ON s."Id" = v."SecretId" JOIN projects p ON p."Id" = v."ProjectId" WHERE v."ProjectId" = @p AND v."Content" IS NOT NULL""", ("p", projectId)))
        {
            blobs.Add(new Blob(false, r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetInt32(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        return new StoredBlobs { ProjectId = projectId, CurrentKeyVersion = current, Keys = keys, Blobs = blobs };
    }

    public static async Task<List<Job>> JobsAsync(ServerNode node, string projectId)
    {
        await using var db = await node.OpenDatabaseAsync();
        var jobs = new List<Job>();
        await foreach (var r in RowsAsync(db, """SELECT "Id", "Status", "LeaseOwner", "Processed", "Total", "Attempts", "TargetKeyVersion" FROM key_jobs WHERE "ProjectId" = @p ORDER BY "Id" """, ("p", projectId)))
        {
            jobs.Add(new Job(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6)));
        }

        return jobs;
    }

    /// <summary>
    /// Every blob decrypts with its recorded server-managed key (unwrapped here with <paramref name="masterKey"/>), and every
    /// current blob is under the project's current key version. Returns each blob's plaintext by (current, id).
    /// </summary>
    public Dictionary<(bool Current, string Id), string> DecryptAllServerManaged(byte[] masterKey)
    {
        var masterKeyId = Convert.ToHexStringLower(SHA256.HashData(masterKey).AsSpan(0, 8));
        var dataKeys = new Dictionary<int, byte[]>();
        foreach (var key in Keys.Values.Where(k => k.WrappedKey is not null))
        {
            Assert.Equal(masterKeyId, key.MasterKeyId);
            dataKeys[key.Version] = Unwrap(masterKey, key.WrappedKey!, ProjectId, key.Version);
        }

        return DecryptAll(version => dataKeys.GetValueOrDefault(version));
    }

    /// <summary>As above for a client-managed project, with the client keys the test holds; each key must match its version's key check.</summary>
    public Dictionary<(bool Current, string Id), string> DecryptAllClientManaged(IReadOnlyDictionary<int, string> clientKeys)
    {
        foreach (var (version, clientKey) in clientKeys)
        {
            if (Keys.TryGetValue(version, out var key))
            {
                Assert.True(key.KeyCheck is not null && KeyProof.Derive(clientKey, key.KeyCheckSalt, key.KeyCheckIterations!.Value).AsSpan().SequenceEqual(key.KeyCheck),
                    $"The key check of key version {version} is not that of the client key the test holds for it.");
            }
        }

        return DecryptAll(version => clientKeys.TryGetValue(version, out var key) ? ClientKey.Pad(key) : null);
    }

    private Dictionary<(bool Current, string Id), string> DecryptAll(Func<int, byte[]?> keyOf)
    {
        var plaintexts = new Dictionary<(bool, string), string>();
        var failures = new List<string>();
        foreach (var blob in Blobs)
        {
            if (blob.Current && blob.KeyVersion != CurrentKeyVersion)
            {
                failures.Add($"current blob {blob.Id} is under key version {blob.KeyVersion}, the project's is {CurrentKeyVersion}");
            }

            if (keyOf(blob.KeyVersion) is not { } key)
            {
                failures.Add($"{(blob.Current ? "current blob" : "version")} {blob.Id}: no key version {blob.KeyVersion}");
            }
            else if (SecretsBlob.TryOpen(key, blob.Content, new BlobPlace(blob.OrganizationId, ProjectId, blob.TargetId, blob.EnvironmentId, blob.KeyVersion), out var plaintext) != BlobOpenStatus.Opened || plaintext is null)
            {
                failures.Add($"{(blob.Current ? "current blob" : "version")} {blob.Id} does not decrypt under its key version {blob.KeyVersion}");
            }
            else
            {
                plaintexts[(blob.Current, blob.Id)] = plaintext;
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Blobs.Count} blobs are not readable: {string.Join("; ", failures.Take(10))}");
        return plaintexts;
    }

    private static byte[] Unwrap(byte[] masterKey, byte[] wrapped, string projectId, int version)
    {
        var key = new byte[wrapped.Length - 12 - 16];
        using var aes = new AesGcm(masterKey, 16);
        aes.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(12, key.Length), wrapped.AsSpan(12 + key.Length), key, Encoding.UTF8.GetBytes($"{projectId}:{version}"));
        return key;
    }

    private static byte[]? Bytes(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);

    private static async Task<object?> ScalarAsync(DbConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    private static async IAsyncEnumerable<DbDataReader> RowsAsync(DbConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return reader;
        }
    }

    private static DbCommand Command(DbConnection db, string sql, (string Name, object Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
