using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Keys;

internal sealed class KeyDescriptors(EnvelopeDbContext db, DataKeys dataKeys)
{
    /// <summary>The descriptor of one key version; the data key itself only when <paramref name="includeKey"/>.</summary>
    public async Task<KeyDescriptor?> DescribeAsync(Project project, int version, bool includeKey, CancellationToken cancellationToken)
    {
        if (project.KeyManagement == KeyManagement.Server)
        {
            // A key that is not active is described but not handed out.
            using var key = includeKey && project.KeyState == KeyState.Active ? await dataKeys.LeaseAsync(db, project.Id, version, cancellationToken) : null;
            return KeyDescriptor.Server(version, key?.ToBase64());
        }

        var row = await db.ProjectKeys.AsNoTracking().SingleOrDefaultAsync(k => k.ProjectId == project.Id && k.Version == version, cancellationToken);
        return row is null ? new KeyDescriptor("client", version) : KeyDescriptor.Client(row);
    }
}
