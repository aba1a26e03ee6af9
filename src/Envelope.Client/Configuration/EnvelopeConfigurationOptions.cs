using Microsoft.Extensions.Logging;

namespace Envelope.Client.Configuration;

/// <summary>
/// Which environment's secrets the configuration provider loads, from which server, and how often it reloads them.
/// Keys map <c>__</c> to <c>:</c>, so <c>Database__Host</c> is read as <c>Database:Host</c>.
/// </summary>
public sealed class EnvelopeConfigurationOptions
{
    /// <summary>The server's base address, such as <c>http://127.0.0.1:5080</c>. Required.</summary>
    public Uri? Server { get; set; }

    /// <summary>The API token: <c>secret:read</c>, plus <c>secret:decrypt</c> for a server-managed project. Required.</summary>
    public string? Token { get; set; }

    /// <summary>The organization's ULID. Required.</summary>
    public string? Organization { get; set; }

    /// <summary>The project's slug. Required.</summary>
    public string? Project { get; set; }

    /// <summary>The target's slug, or <see langword="null"/> for the project level.</summary>
    public string? Target { get; set; }

    /// <summary>The environment's slug (needs <see cref="Target"/>), or <see langword="null"/> for the target level.</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// The client key of a client-managed project: the blobs are decrypted here. <see langword="null"/> for a
    /// server-managed project, which the server decrypts.
    /// </summary>
    public string? ClientKey { get; set; }

    /// <summary>
    /// Instead of <see cref="ClientKey"/>, for a client-managed project keyed by a passphrase: the client key is derived
    /// from it on the first load with the Argon2id parameters the project stores (about a second and 64 MiB at the
    /// default cost), then kept in memory for the provider's lifetime.
    /// </summary>
    public string? Passphrase { get; set; }

    /// <summary>How often to look for changed values; <see langword="null"/> (the default) loads once.</summary>
    public TimeSpan? ReloadInterval { get; set; }

    /// <summary>Logs failed reloads (the last values loaded stay in use) and reloads that changed values. Nothing is logged when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The handler that sends requests, under the retry handler (tests pass an in-process server's one). Disposed with the provider.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>A client to send requests with instead, used as it is (no retry handler added) and not disposed.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Adjusts the client's timeouts and retries.</summary>
    public Action<EnvelopeClientOptions>? ConfigureClient { get; set; }
}
