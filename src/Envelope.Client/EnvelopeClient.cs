using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>
/// The Envelope API over HTTP. Identity calls live here; everything inside an organization is reached through
/// <see cref="Organization(string)"/>. Thread-safe; create one per server and token and reuse it.
/// </summary>
/// <example>
/// <code>
/// using var envelope = new EnvelopeClient(new EnvelopeClientOptions { Server = new Uri("http://127.0.0.1:5080"), Token = token });
/// var values = await envelope.Organization(orgId).Secrets.ReadMergedAsync(new LevelPath("app", "api", "prod"));
/// </code>
/// </example>
public sealed class EnvelopeClient : IDisposable
{
    private readonly ApiConnection _api;

    /// <summary>Creates a client that owns its <see cref="HttpClient"/>, with the retry policy of docs/client.md.</summary>
    /// <param name="options">The server, the token and the retry settings.</param>
    /// <exception cref="ArgumentException">The server or the token is missing.</exception>
    public EnvelopeClient(EnvelopeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var retry = RetryPolicy.CreateHandler(options);
        retry.InnerHandler = options.HttpMessageHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _api = new ApiConnection(new HttpClient(retry, disposeHandler: true) { Timeout = options.Timeout }, ownsHttp: true, options);
    }

    /// <summary>
    /// Creates a client over a caller's <see cref="HttpClient"/> (for example one from <c>IHttpClientFactory</c>), used as it
    /// is and not disposed. Add <see cref="CreateRetryHandler"/> to its handlers for the client's retry policy.
    /// </summary>
    /// <param name="httpClient">The client that sends requests; its base address is not used.</param>
    /// <param name="options">The server and the token; the retry settings apply only through <see cref="CreateRetryHandler"/>.</param>
    /// <exception cref="ArgumentException">The server or the token is missing.</exception>
    public EnvelopeClient(HttpClient httpClient, EnvelopeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _api = new ApiConnection(httpClient, ownsHttp: false, options);
    }

    /// <summary>The server's base address.</summary>
    public Uri Server => _api.Server;

    /// <summary>
    /// A handler applying the client's retry policy (docs/client.md), for an <see cref="HttpClient"/> the caller builds, such
    /// as <c>services.AddHttpClient("envelope").AddHttpMessageHandler(() =&gt; EnvelopeClient.CreateRetryHandler(options))</c>.
    /// </summary>
    /// <param name="options">The retry settings.</param>
    /// <returns>A new handler without an inner handler.</returns>
    public static DelegatingHandler CreateRetryHandler(EnvelopeClientOptions options) => RetryPolicy.CreateHandler(options);

    /// <summary>The calls scoped to one organization.</summary>
    /// <param name="id">The organization's ULID.</param>
    /// <returns>A lightweight view sharing this client's connection.</returns>
    public OrganizationClient Organization(string id) => new(_api, Paths.Segment(id), id);

    /// <summary>What the token authenticates as (<c>GET /api/v1/me</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token's identity, organization and abilities.</returns>
    public Task<TokenIdentity> GetMeAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, "me", null, EnvelopeJsonContext.Default.DataEnvelopeTokenIdentity, idempotent: true, cancellationToken);

    /// <summary>The organizations the token can access: its one organization.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The organizations.</returns>
    public async Task<IReadOnlyList<OrganizationSummary>> ListOrganizationsAsync(CancellationToken cancellationToken = default) =>
        (await _api.SendForJsonAsync(HttpMethod.Get, "organizations", null, EnvelopeJsonContext.Default.PagedEnvelopeOrganizationSummary, idempotent: true, cancellationToken)
            .ConfigureAwait(false)).Data;

    /// <summary>Creates an organization and its owner token (owner tokens only). Not retried on ambiguous failures.</summary>
    /// <param name="name">The organization's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The organization and its owner token, shown only this once.</returns>
    public Task<CreatedOrganization> CreateOrganizationAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _api.SendAsync(HttpMethod.Post, "organizations", ApiConnection.Json(new CreateOrganizationBody(name), EnvelopeJsonContext.Default.CreateOrganizationBody),
            EnvelopeJsonContext.Default.DataEnvelopeCreatedOrganization, idempotent: false, cancellationToken);
    }

    /// <summary>The plan catalog.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Every plan, smallest first.</returns>
    public async Task<IReadOnlyList<Plan>> ListPlansAsync(CancellationToken cancellationToken = default) =>
        (await _api.SendForJsonAsync(HttpMethod.Get, "plans", null, EnvelopeJsonContext.Default.PagedEnvelopePlan, idempotent: true, cancellationToken)
            .ConfigureAwait(false)).Data;

    /// <summary>Releases the connection when the client owns its <see cref="HttpClient"/>.</summary>
    public void Dispose() => _api.Dispose();

    private static void Validate(EnvelopeClientOptions options)
    {
        if (options.Server is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("EnvelopeClientOptions.Server must be the server's absolute address, such as http://127.0.0.1:5080.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            throw new ArgumentException("EnvelopeClientOptions.Token is required.", nameof(options));
        }
    }
}
