using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>API tokens of an organization (<c>/api/v1/{org}/tokens</c>, <c>token:manage</c>).</summary>
public sealed class TokensClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal TokensClient(ApiConnection api, string organization)
    {
        _api = api;
        _path = $"{organization}/tokens";
    }

    /// <summary>Every token the caller could have created, newest first, fetching pages as the enumeration reaches them.</summary>
    /// <param name="pageSize">Tokens per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The tokens, never their plaintext.</returns>
    public IAsyncEnumerable<ApiToken> ListAsync(int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        return Pagination.EnumerateAsync((page, ct) => GetPageAsync(page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of tokens.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Tokens per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public Task<Page<ApiToken>> GetPageAsync(int page = 1, int perPage = 25, CancellationToken cancellationToken = default) =>
        Pagination.GetPageAsync(_api, _path, page, perPage, EnvelopeJsonContext.Default.PagedEnvelopeApiToken, cancellationToken);

    /// <summary>Creates a token. Not retried on ambiguous failures (a retry could create a second token).</summary>
    /// <param name="request">The token's name, abilities, projects and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token with its plaintext, shown only this once.</returns>
    public Task<CreatedToken> CreateAsync(CreateTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _api.SendAsync(HttpMethod.Post, _path, ApiConnection.Json(request, EnvelopeJsonContext.Default.CreateTokenRequest),
            EnvelopeJsonContext.Default.DataEnvelopeCreatedToken, idempotent: false, cancellationToken);
    }

    /// <summary>Revokes a token; it stays listed with status <c>revoked</c>.</summary>
    /// <param name="id">The token's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the token is revoked.</returns>
    public Task RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, $"{_path}/{Paths.Segment(id)}", null, idempotent: true, cancellationToken);
}
