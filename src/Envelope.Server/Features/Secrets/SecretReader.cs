using System.Text;
using System.Text.Json;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Secrets;

internal sealed record SecretReadOptions(bool Decrypt, MergeMode Merge, bool Raw, SecretFilters? Filters, bool IncludeKeys, string? Ignored = null)
{
    /// <summary>
    /// What the read can do at <paramref name="level"/>. Merge, raw and filters work on plaintext; when there is none
    /// (no decrypt asked, or a client-managed key the server cannot use) the read answers with the ciphertext levels and
    /// names what it left out, so that one request works for every project (docs/api.md, "Reads").
    /// </summary>
    public SecretReadOptions ApplicableTo(ResolvedLevel level)
    {
        if (Decrypt && SecretCipher.IsServerManaged(level.Project))
        {
            return this;
        }

        var ignored = (Decrypt ? "decrypt," : "") + (Merge != MergeMode.False ? "merge," : "") + (Raw ? "raw," : "") + (Filters is { IsEmpty: false } ? "filters," : "");
        return ignored.Length == 0 && Filters is null ? this : new(false, MergeMode.False, false, null, IncludeKeys, ignored.Length == 0 ? null : ignored[..^1]);
    }
}

/// <summary>Reads a level and the levels above it: ciphertext by default, decrypted and merged on request.</summary>
internal sealed class SecretReader(
    EnvelopeDbContext db, SecretCipher cipher, KeyDescriptors descriptors, IOptions<JsonOptions> json)
{
    /// <summary>Refuses a read whose key is unavailable, before any data is read; <paramref name="options"/> are those applicable to the level.</summary>
    public static ApiErrorResult? Validate(ResolvedLevel level, SecretReadOptions options) =>
        options.Decrypt || options.IncludeKeys ? KeyAvailability.Check(level.Project.KeyState) : null;

    /// <summary>
    /// The read's response: from <paramref name="cache"/> when it holds one with <paramref name="stamp"/> (see
    /// <see cref="SecretReadCache.ReadStamp"/>), else read, rendered and, unless filtered or with keys, kept there.
    /// </summary>
    public async Task<IResult> ReadAsync(ResolvedLevel level, SecretReadOptions options, SecretReadCache cache, long? stamp, CancellationToken cancellationToken)
    {
        var cacheable = SecretReadCache.IsCacheable(options);
        var key = ReadCacheKey.For(level, options);
        if (cacheable && cache.GetRead(key, stamp) is { } cached)
        {
            cache.RecordAccess(cached.VersionIds);
            return cached;
        }

        var chain = level.Chain;
        var ids = chain.Select(c => c.Id).ToList();
        var rows = (await db.Secrets.AsNoTracking().Where(s => ids.Contains(s.LevelId) && s.Content != null).ToListAsync(cancellationToken))
            .OrderBy(s => s.Level)
            .ToList();
        var versionIds = rows.Where(r => r.CurrentVersionId is not null).Select(r => r.CurrentVersionId!.Value).ToArray();
        cache.RecordAccess(versionIds);

        CachedReadResponse read;
        try
        {
            read = await RenderAsync(level, rows, options, versionIds, cancellationToken);
        }
        catch (BlobBoundElsewhereException moved)
        {
            return moved.ToError();
        }

        if (cacheable)
        {
            cache.SetRead(key, stamp, read);
        }

        return read;
    }

    private async Task<CachedReadResponse> RenderAsync(ResolvedLevel level, List<Secret> rows, SecretReadOptions options, long[] versionIds, CancellationToken cancellationToken)
    {
        if (!options.Decrypt)
        {
            var hashes = await db.SecretVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
                .ToDictionaryAsync(v => v.Id, v => v.Hash, cancellationToken);
            var levels = rows.ToDictionary(r => LevelName(r.Level), r => (object)new EncryptedLevel(
                r.Id, r.Content!, r.KeyVersion, r.UpdatedAt, r.CurrentVersionId,
                r.CurrentVersionId is { } current && hashes.GetValueOrDefault(current) is { } hash ? Convert.ToHexStringLower(hash) : null,
                LevelPlace.Of(SecretCipher.PlaceOf(level, r.Level, r.KeyVersion))));
            List<KeyDescriptor>? keys = null;
            if (options.IncludeKeys)
            {
                keys = [];
                foreach (var version in rows.Select(r => r.KeyVersion).Append(level.Project.CurrentKeyVersion).Distinct().Order())
                {
                    keys.Add((await descriptors.DescribeAsync(level.Project, version, includeKey: true, cancellationToken))!);
                }
            }

            var attributes = new SecretsAttributes(true, "hierarchical", levels, Keys: keys, Place: LevelPlace.Of(SecretCipher.PlaceOf(level, level.Level, level.Project.CurrentKeyVersion)),
                Ignored: options.Ignored?.Split(','));
            return Json(new SecretsReadResponse(attributes), versionIds, decrypted: false);
        }

        var decrypted = new List<(SecretLevel Level, IReadOnlyList<DotEnvEntry> Entries)>();
        foreach (var row in rows)
        {
            // The place comes from the level the request resolved, not from the row's own columns, so a row whose ids were
            // rewritten is caught too.
            var plaintext = await cipher.DecryptStoredAsync(SecretCipher.PlaceOf(level, row.Level, row.KeyVersion), row.Content!, $"Secret {row.Id}", cancellationToken);
            decrypted.Add((row.Level, Filter(DotEnv.Parse(plaintext), options.Filters)));
        }

        var merged = DotEnv.Merge([.. decrypted.Select(d => d.Entries)]);
        if (options.Raw)
        {
            return new CachedReadResponse(Encoding.UTF8.GetBytes(DotEnv.Serialize(merged)), "text/plain; charset=utf-8", versionIds, decrypted: true);
        }

        var plainLevels = options.Merge == MergeMode.True
            ? null
            : decrypted.ToDictionary(d => LevelName(d.Level), d => (object)ToDictionary(d.Entries));
        var format = options.Merge switch { MergeMode.True => "merged", MergeMode.Both => "both", _ => "hierarchical" };
        return Json(new SecretsReadResponse(new SecretsAttributes(false, format, plainLevels, options.Merge == MergeMode.False ? null : merged)), versionIds, decrypted: true);
    }

    // Rendered as TypedResults.Ok would, with the API's JSON options, so that cached and fresh answers are the same bytes.
    private CachedReadResponse Json(SecretsReadResponse response, long[] versionIds, bool decrypted) =>
        new(JsonSerializer.SerializeToUtf8Bytes(DataResponse.Of(response), json.Value.SerializerOptions), "application/json; charset=utf-8", versionIds, decrypted);

    public static string LevelName(SecretLevel level) => level switch
    {
        SecretLevel.Project => "project",
        SecretLevel.Target => "target",
        _ => "environment",
    };

    private static Dictionary<string, string> ToDictionary(IReadOnlyList<DotEnvEntry> entries)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            values[entry.Key] = entry.Value;
        }

        return values;
    }

    private static List<DotEnvEntry> Filter(IReadOnlyList<DotEnvEntry> entries, SecretFilters? filters) =>
        filters is null or { IsEmpty: true }
            ? [.. entries]
            : entries.Where(e =>
                    (filters.Names is null || filters.Names.Contains(e.Key, StringComparer.Ordinal))
                    && (filters.Tags is null || e.Tags.Any(t => filters.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
                    && (string.IsNullOrEmpty(filters.Search) || e.Key.Contains(filters.Search, StringComparison.OrdinalIgnoreCase)))
                .ToList();
}
