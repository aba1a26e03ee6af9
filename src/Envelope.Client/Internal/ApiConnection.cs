using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly.Timeout;

namespace Envelope.Client.Internal;

/// <summary>
/// Sends requests to <c>{server}/api/v1/</c> with the bearer token, reads <c>data</c> out of success bodies and turns
/// error answers into <see cref="EnvelopeApiException"/>. Retries happen below, in the handler chain.
/// </summary>
internal sealed class ApiConnection : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent =
        new("Envelope.Client", typeof(ApiConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _apiBase;
    private readonly Uri _server;
    private readonly string _token;
    private readonly TimeSpan _attemptTimeout;

    public ApiConnection(HttpClient http, bool ownsHttp, EnvelopeClientOptions options)
    {
        var server = options.Server ?? throw new ArgumentException("EnvelopeClientOptions.Server is required.", nameof(options));
        if (!server.IsAbsoluteUri)
        {
            throw new ArgumentException("EnvelopeClientOptions.Server must be an absolute address, such as http://127.0.0.1:5080.", nameof(options));
        }

        _token = string.IsNullOrWhiteSpace(options.Token) ? throw new ArgumentException("EnvelopeClientOptions.Token is required.", nameof(options)) : options.Token;
        _http = http;
        _ownsHttp = ownsHttp;
        _server = server;
        _apiBase = new Uri(server.AbsoluteUri.TrimEnd('/') + "/api/v1/");
        _attemptTimeout = options.AttemptTimeout;
    }

    public Uri Server => _server;

    public async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<DataEnvelope<T>> answer, bool idempotent, CancellationToken cancellationToken)
    {
        var envelope = await SendForJsonAsync(method, path, content, answer, idempotent, cancellationToken).ConfigureAwait(false);
        return envelope.Data;
    }

    public async Task<TEnvelope> SendForJsonAsync<TEnvelope>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<TEnvelope> answer, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, content, idempotent, "application/json", cancellationToken).ConfigureAwait(false);
        return await ResponseBodies.ReadJsonAsync(response, answer, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendNoContentAsync(HttpMethod method, string path, HttpContent? content, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, content, idempotent, "application/json", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For answers that are a body or 204 No Content (a delete into the recovery window, or at once): null for the latter.</summary>
    public async Task<T?> SendForOptionalAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<DataEnvelope<T>> answer, bool idempotent, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendCheckedAsync(method, path, content, idempotent, "application/json", cancellationToken).ConfigureAwait(false);
        return response.StatusCode == System.Net.HttpStatusCode.NoContent
            ? null
            : (await ResponseBodies.ReadJsonAsync(response, answer, cancellationToken).ConfigureAwait(false)).Data;
    }

    public async Task<string> SendForTextAsync(HttpMethod method, string path, HttpContent? content, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(method, path, content, idempotent, "text/plain", cancellationToken).ConfigureAwait(false);
        return await ResponseBodies.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public static ByteArrayContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        // Bytes rather than a stream: a retried request sends the same content again, with a Content-Length.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(
        HttpMethod method, string path, HttpContent? content, bool idempotent, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_apiBase, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.UserAgent.Add(UserAgent);
        request.Options.Set(RetryPolicy.Idempotent, idempotent);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"The Envelope server at {Server} did not answer {method} {request.RequestUri?.AbsolutePath} within {_attemptTimeout}.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ResponseBodies.ReadErrorAsync(response, Server, cancellationToken).ConfigureAwait(false);
        }
    }
}
