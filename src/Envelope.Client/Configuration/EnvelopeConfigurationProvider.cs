using Envelope.Client.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Envelope.Client.Configuration;

/// <summary>
/// A configuration provider holding the merged secrets of one level (the deepest level wins), with <c>__</c> in keys
/// read as <c>:</c>. It loads at start-up, failing with an <see cref="EnvelopeConfigurationException"/> that says why, and
/// with <see cref="EnvelopeConfigurationOptions.ReloadInterval"/> reloads in the background, signalling a reload only when
/// values changed. A failed reload is logged and the last values loaded stay.
/// </summary>
public sealed class EnvelopeConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly EnvelopeClient _client;
    private readonly SecretsSnapshot _snapshot;
    private readonly TimeSpan? _reloadInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly string _where;
    private Task? _polling;
    private bool _loaded;

    /// <summary>Creates the provider; nothing is loaded before <see cref="Load"/>.</summary>
    /// <param name="options">What to load and from where.</param>
    /// <exception cref="EnvelopeConfigurationException">A required option is missing or invalid.</exception>
    public EnvelopeConfigurationProvider(EnvelopeConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var level = ConfigurationOptionsCheck.Validate(options);
        if (options.ReloadInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new EnvelopeConfigurationException("EnvelopeConfigurationOptions.ReloadInterval must be positive.");
        }

        var clientOptions = new EnvelopeClientOptions { Server = options.Server, Token = options.Token, HttpMessageHandler = options.HttpMessageHandler };
        options.ConfigureClient?.Invoke(clientOptions);
        _client = options.HttpClient is { } http ? new EnvelopeClient(http, clientOptions) : new EnvelopeClient(clientOptions);
        _snapshot = new SecretsSnapshot(_client.Organization(options.Organization!), level, options.ClientKey, options.Passphrase);
        _reloadInterval = options.ReloadInterval;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EnvelopeConfigurationProvider>();
        _where = $"{options.Organization}/{level} on {options.Server}";
    }

    /// <summary>
    /// Loads the secrets. The first load throws when it fails; a later one (a reload of the configuration root) logs the
    /// failure and keeps the values it had.
    /// </summary>
    /// <exception cref="EnvelopeConfigurationException">The first load failed: the message names the server, level and error.</exception>
    public override void Load()
    {
        if (_loaded)
        {
            // Configuration loads are synchronous; the client never captures a context, so blocking here cannot deadlock.
            ReloadAsync(_stopping.Token).GetAwaiter().GetResult();
            return;
        }

        try
        {
            Data = _snapshot.LoadAsync(_stopping.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (ConfigurationFailures.IsExpected(e))
        {
            throw new EnvelopeConfigurationException($"Could not load the Envelope secrets of {_where}: {ConfigurationFailures.Describe(e)}", e);
        }

        _loaded = true;
        if (_reloadInterval is { } interval)
        {
            _polling = Task.Run(() => PollAsync(interval, _stopping.Token));
        }
    }

    /// <summary>Stops reloading and releases the connection.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _polling?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The poll loop ends on cancellation; anything else was logged where it happened.
        }

        _client.Dispose();
        _stopping.Dispose();
        _loading.Dispose();
    }

    /// <summary>Loads the secrets again; on a change, replaces the values and signals a reload. Returns whether values changed.</summary>
    internal async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var values = await _snapshot.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (SecretsSnapshot.SameValues(Data, values))
            {
                return false;
            }

            Data = values;
            ConfigurationLog.Reloaded(_logger, _where, values.Count);
        }
        catch (Exception e) when (ConfigurationFailures.IsExpected(e) && !cancellationToken.IsCancellationRequested)
        {
            ConfigurationLog.ReloadFailed(_logger, _where, ConfigurationFailures.Describe(e), e);
            return false;
        }
        finally
        {
            _loading.Release();
        }

        OnReload();
        return true;
    }

    private async Task PollAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReloadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
