using System.Collections.Concurrent;
using Envelope.Server.Data;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// Remembers when versions were last read and writes that down in batches, so a read costs no database write.
/// A crash loses at most one interval of access times, never data.
/// </summary>
internal sealed class LastAccessRecorder
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _pending = new();

    // Access times are kept to the second: a version read by every request of a busy read path would otherwise take
    // the same dictionary lock on every request (measured as contention under load).
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    public void Record(long versionId, DateTimeOffset at)
    {
        if (_pending.TryGetValue(versionId, out var recorded) && recorded > at - Resolution)
        {
            return;
        }

        _pending.AddOrUpdate(versionId, at, (_, existing) => existing > at ? existing : at);
    }

    public async Task<int> FlushAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var flushed = 0;
        foreach (var versionId in _pending.Keys)
        {
            if (_pending.TryRemove(versionId, out var at))
            {
                flushed += await db.SecretVersions
                    .Where(v => v.Id == versionId && (v.LastAccessedAt == null || v.LastAccessedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.LastAccessedAt, at), cancellationToken);
            }
        }

        return flushed;
    }
}
