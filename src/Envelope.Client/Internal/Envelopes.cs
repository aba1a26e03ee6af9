using System.Text.Json;
using Envelope.Client.Models;

namespace Envelope.Client.Internal;

/// <summary>The success body <c>{"data": …, "message"?: …}</c>; <c>meta</c> is read only where it means something.</summary>
internal sealed record DataEnvelope<T>(T Data, string? Message);

/// <summary>A page of a list: <c>{"data": […], "meta": {current_page, per_page, total, last_page}}</c>.</summary>
internal sealed record PagedEnvelope<T>(List<T> Data, PageMeta? Meta)
{
    public Page<T> ToPage() => new()
    {
        Items = Data,
        CurrentPage = Meta?.CurrentPage ?? 1,
        PerPage = Meta?.PerPage ?? Data.Count,
        Total = Meta?.Total ?? Data.Count,
        LastPage = Meta?.LastPage ?? 1,
    };
}

internal sealed record PageMeta(int CurrentPage, int PerPage, int Total, int LastPage);

/// <summary>The pending-history answer: the batch in <c>data</c>, the totals in <c>meta</c>.</summary>
internal sealed record PendingEnvelope(List<PendingVersion> Data, PendingMeta? Meta);

internal sealed record PendingMeta(int Remaining, int KeyVersion);

/// <summary>The error body <c>{"error", "message", "details"?}</c>; problem+json answers carry the same members.</summary>
internal sealed record ErrorBody(string? Error, string? Message, Dictionary<string, JsonElement>? Details);
