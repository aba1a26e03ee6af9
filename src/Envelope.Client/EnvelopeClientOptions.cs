namespace Envelope.Client;

/// <summary>Where the Envelope server is, the token to use, and how requests are retried.</summary>
public sealed class EnvelopeClientOptions
{
    /// <summary>The server's base address, such as <c>http://127.0.0.1:5080</c> (without <c>/api/v1</c>).</summary>
    public Uri? Server { get; set; }

    /// <summary>The API token (<c>envl_…</c>), sent as a bearer token.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The handler that sends requests, under the retry handler; a <see cref="SocketsHttpHandler"/> when
    /// <see langword="null"/>. Tests pass an in-process server's handler. It is disposed with the client.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>The most a call may take, retries and their delays included. 100 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The most one attempt may take. 30 seconds by default.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a failed request is retried when it is safe to (see docs/client.md); 0 disables retries. 3 by default.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter. One second by default.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for. A longer one is not waited for: the call fails at once with an
    /// <see cref="EnvelopeApiException"/> whose <see cref="EnvelopeApiException.RetryAfter"/> says when to try again. 30 seconds by default.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
