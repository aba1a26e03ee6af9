using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Envelope.Client.Models;

namespace Envelope.Client.Internal;

internal static class Pagination
{
    /// <summary>The largest page the server serves; fewer, larger pages mean fewer round trips.</summary>
    public const int MaxPerPage = 100;

    /// <summary>Walks a list page by page until <c>meta.last_page</c>, fetching the next page only when the caller gets there.</summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<int, CancellationToken, Task<Page<T>>> fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var result = await fetch(page, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Items)
            {
                yield return item;
            }

            if (result.Items.Count == 0 || result.CurrentPage >= result.LastPage)
            {
                yield break;
            }
        }
    }

    /// <summary>One page of a list served by GET on <paramref name="path"/> with <c>page</c> and <c>per_page</c> in the query.</summary>
    public static async Task<Page<T>> GetPageAsync<T>(
        ApiConnection api, string path, int page, int perPage, JsonTypeInfo<PagedEnvelope<T>> answer, CancellationToken cancellationToken)
    {
        Check(page, perPage);
        return (await api.SendForJsonAsync(HttpMethod.Get, $"{path}?{Query(page, perPage)}", null, answer, idempotent: true, cancellationToken)
            .ConfigureAwait(false)).ToPage();
    }

    public static string Query(int page, int perPage) =>
        FormattableString.Invariant($"page={page}&per_page={perPage}");

    public static void Check(int page, int perPage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perPage, MaxPerPage);
    }
}
