namespace Envelope.Client.Models;

/// <summary>One page of a list, with the list's totals.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class Page<T>
{
    /// <summary>The items of this page.</summary>
    public IReadOnlyList<T> Items { get; init; } = [];

    /// <summary>This page's number, from 1.</summary>
    public int CurrentPage { get; init; }

    /// <summary>The page size the server applied.</summary>
    public int PerPage { get; init; }

    /// <summary>The number of items in the whole list.</summary>
    public int Total { get; init; }

    /// <summary>The number of the last page (at least 1).</summary>
    public int LastPage { get; init; }
}
