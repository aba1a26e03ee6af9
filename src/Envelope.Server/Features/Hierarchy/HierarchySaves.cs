using Envelope.Server.Data;

namespace Envelope.Server.Features.Hierarchy;

internal static class HierarchySaves
{
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
