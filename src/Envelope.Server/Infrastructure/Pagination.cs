namespace Envelope.Server.Infrastructure;

internal sealed record PageMeta(int CurrentPage, int PerPage, int Total, int LastPage);

/// <summary><c>page</c> (from 1) and <c>per_page</c> (default 25, at most 100) from the query string.</summary>
internal readonly record struct PageRequest(int Page, int PerPage)
{
    public const int DefaultPerPage = 25;
    public const int MaxPerPage = 100;

    public static ValueTask<PageRequest> BindAsync(HttpContext context) =>
        ValueTask.FromResult(From(context.Request.Query["page"], context.Request.Query["per_page"]));

    public static PageRequest From(string? page, string? perPage) => new(
        int.TryParse(page, out var p) && p >= 1 ? p : 1,
        int.TryParse(perPage, out var n) && n >= 1 ? Math.Min(n, MaxPerPage) : DefaultPerPage);

    public async Task<DataResponse<List<TResult>>> ToPageAsync<TSource, TResult>(
        IQueryable<TSource> ordered, Func<TSource, TResult> map, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip((Page - 1) * PerPage).Take(PerPage).ToListAsync(cancellationToken);
        return WithMeta(items.Select(map).ToList(), total);
    }

    /// <summary>Pages a list already in memory, for the few lists that are filtered in code.</summary>
    public DataResponse<List<T>> ToPage<T>(IReadOnlyCollection<T> all) =>
        WithMeta(all.Skip((Page - 1) * PerPage).Take(PerPage).ToList(), all.Count);

    private DataResponse<List<T>> WithMeta<T>(List<T> items, int total) =>
        new(items, Meta: new PageMeta(Page, PerPage, total, Math.Max(1, (int)Math.Ceiling(total / (double)PerPage))));
}
