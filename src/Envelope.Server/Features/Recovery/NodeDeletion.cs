using Envelope.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Recovery;

/// <summary>
/// The delete endpoints of projects, targets and environments: into the recovery window by default;
/// <c>?permanent=true&amp;confirm=&lt;slug&gt;</c> (or the same in a JSON body) erases at once, which like the secrets
/// delete's <c>no_backup</c> needs <c>secret:purge</c> besides the delete ability, and an explicit confirmation.
/// </summary>
internal static class NodeDeletion
{
    /// <summary>What a delete or a purge reads from a JSON body besides the query string.</summary>
    public static readonly string[] Accepted = ["permanent", "confirm"];

    public static async Task<Results<Ok<DataResponse<DeletedNodeResponse>>, NoContent, ApiErrorResult>> DeleteAsync(
        NodeRemoval removal, Caller caller, string kind, RecoverableNode? node, HttpRequest request, bool? permanent, string? confirm, CancellationToken cancellationToken)
    {
        var (options, invalid) = await DestructiveOptions.ReadAsync(request, new(permanent, confirm), Accepted, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        (permanent, confirm) = (options.Permanent, options.Confirm);
        if (permanent is true && ConfirmDestruction(caller, node, confirm) is { } refused)
        {
            return refused;
        }

        if (node is null)
        {
            return ApiErrors.NotFound(kind);
        }

        if (await removal.DeleteAsync(caller, node, permanent is true, cancellationToken) is not { } kept)
        {
            return TypedResults.NoContent();
        }

        return TypedResults.Ok(DataResponse.Of(kept,
            $"{char.ToUpperInvariant(node.Kind[0])}{node.Kind[1..]} {node.Path} deleted. It can be restored until {kept.PurgeAt:u} " +
            $"(POST /api/v1/{node.OrganizationId}/deleted/{node.Id}/restore); then it is purged for good."));
    }

    /// <summary>403 without secret:purge, 422 unless <paramref name="confirm"/> repeats the node's slug; null when both hold.</summary>
    public static ApiErrorResult? ConfirmDestruction(Caller caller, RecoverableNode? node, string? confirm)
    {
        if (!caller.Has(Abilities.SecretPurge))
        {
            return ApiErrors.InsufficientPermissions(Abilities.SecretPurge);
        }

        return node is not null && !string.Equals(confirm, node.Entity.Slug, StringComparison.Ordinal)
            ? ApiErrors.Validation("confirm", $"Must be the {node.Kind}'s slug ('{node.Entity.Slug}'): a permanent delete erases its whole history for good.")
            : null;
    }
}
