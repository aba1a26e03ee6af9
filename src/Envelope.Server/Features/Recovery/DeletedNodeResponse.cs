namespace Envelope.Server.Features.Recovery;

/// <summary>A node in the recovery window as the API shows it.</summary>
internal sealed record DeletedNodeResponse(
    string Id,
    string Kind,
    string Path,
    string Project,
    string? Target,
    string? Environment,
    string? DeletedBy,
    DateTimeOffset DeletedAt,
    DateTimeOffset PurgeAt,
    int Versions,
    bool ParentDeleted)
{
    public string Type => "deleted_node";

    public static DeletedNodeResponse From(RecoverableNode node, int versions)
    {
        var slugs = node.Path.Split('/');
        return new(node.Id, node.Kind, node.Path, slugs[0], slugs.ElementAtOrDefault(1), slugs.ElementAtOrDefault(2),
            node.Entity.DeletedBy, node.Entity.DeletedAt!.Value, node.Entity.PurgeAt!.Value, versions, node.ParentDeleted);
    }
}
