using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Hierarchy;

internal static class HierarchySaves
{
    /// <summary>
    /// 409 slug_reserved: a node in the recovery window keeps its slug under its parent, so that a restore always finds
    /// it free. Asked before saving (a failed insert would end a PostgreSQL transaction).
    /// </summary>
    public static ApiErrorResult Reserved(string kind, IRecoverable holder) =>
        ApiErrors.Conflict("slug_reserved",
            $"The slug '{holder.Slug}' belongs to a deleted {kind} (id {holder.Id}) kept in the recovery window until {holder.PurgeAt:u}. " +
            "Restore it, purge it, or choose another slug.");

    /// <summary>Saves, answering 409 slug_taken when the slug's unique index refuses it; null on success.</summary>
    public static async Task<ApiErrorResult?> TrySaveAsync(EnvelopeDbContext db, string slug, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return ApiErrors.Conflict("slug_taken", $"The slug '{slug}' is already used here.");
        }
    }
}
