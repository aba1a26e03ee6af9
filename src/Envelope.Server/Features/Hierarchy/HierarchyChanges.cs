using Envelope.Server.Features.Audit;

namespace Envelope.Server.Features.Hierarchy;

/// <summary>What an update of a project, target or environment changed, as audit details (<see cref="AuditChanges"/>).</summary>
internal static class HierarchyChanges
{
    public static Dictionary<string, object?> Of(HierarchyNodeResponse before, HierarchyNodeResponse after) =>
        AuditChanges.Of(("slug", before.Slug, after.Slug), ("name", before.Name, after.Name), ("description", before.Description, after.Description));
}
