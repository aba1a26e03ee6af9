using System.Globalization;
using System.Text;
using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>The audit trail of an organization (<c>/api/v1/{org}/audit-events</c>, <c>audit:read</c>).</summary>
public sealed class AuditClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal AuditClient(ApiConnection api, string organization)
    {
        _api = api;
        _path = $"{organization}/audit-events";
    }

    /// <summary>Every audit event matching the query, newest first, fetching pages as the enumeration reaches them.</summary>
    /// <param name="query">Filters; <see langword="null"/> for every event.</param>
    /// <param name="pageSize">Events per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The events.</returns>
    public IAsyncEnumerable<AuditEvent> ListAsync(AuditEventQuery? query = null, int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        return Pagination.EnumerateAsync((page, ct) => GetPageAsync(query, page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of audit events, newest first.</summary>
    /// <param name="query">Filters; <see langword="null"/> for every event.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Events per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public async Task<Page<AuditEvent>> GetPageAsync(AuditEventQuery? query = null, int page = 1, int perPage = 25, CancellationToken cancellationToken = default)
    {
        Pagination.Check(page, perPage);
        var url = new StringBuilder(_path).Append('?').Append(Pagination.Query(page, perPage));
        Append(url, "action", query?.Action);
        Append(url, "project", query?.Project);
        Append(url, "token", query?.Token);
        Append(url, "since", query?.Since?.ToString("O", CultureInfo.InvariantCulture));
        Append(url, "until", query?.Until?.ToString("O", CultureInfo.InvariantCulture));
        return (await _api.SendForJsonAsync(HttpMethod.Get, url.ToString(), null, EnvelopeJsonContext.Default.PagedEnvelopeAuditEvent, idempotent: true, cancellationToken)
            .ConfigureAwait(false)).ToPage();
    }

    /// <summary>Has the server walk the organization's audit chain and checkpoints, and say where it breaks.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verification.</returns>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, $"{_path}/verify", null, EnvelopeJsonContext.Default.DataEnvelopeAuditVerification, idempotent: true, cancellationToken);

    private static void Append(StringBuilder url, string name, string? value)
    {
        if (value is not null)
        {
            url.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
