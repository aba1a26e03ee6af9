using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Envelope.Client.Internal;

/// <summary>
/// When a failed request is sent again (docs/client.md, "Retries"). A request is retried when the server cannot have acted
/// on it, or when acting twice is harmless:
/// <list type="bullet">
/// <item>429, and 503 with <c>Retry-After</c>: the server refused before doing anything; any method, after the delay it asked for;</item>
/// <item>a connection that could not be established: nothing reached the server; any method;</item>
/// <item>other 5xx, 408, a broken connection or an attempt timeout: ambiguous, so only idempotent requests (GET, PUT,
/// DELETE, and the POSTs that only read or that the server makes idempotent), with exponential backoff and jitter.</item>
/// </list>
/// A <c>Retry-After</c> longer than <see cref="EnvelopeClientOptions.MaxRetryAfter"/> is not waited for.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>Set on every request by <see cref="ApiConnection"/>; requests without it fall back to the method's semantics.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("Envelope.Idempotent");

    public static ResilienceHandler CreateHandler(EnvelopeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetryAttempts > 0)
        {
            var maxRetryAfter = options.MaxRetryAfter;
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // The delay a 429 or 503 asks for replaces the backoff.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), maxRetryAfter)),
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return new ResilienceHandler(builder.Build());
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
                HttpRequestException or TimeoutRejectedException => IsIdempotent(request),
                _ => false,
            };
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var retryAfter = RetryAfterOf(response);
        if (retryAfter > maxRetryAfter)
        {
            return false;
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => true,
            HttpStatusCode.ServiceUnavailable when retryAfter is not null => true,
            HttpStatusCode.RequestTimeout => IsIdempotent(request),
            >= HttpStatusCode.InternalServerError => IsIdempotent(request),
            _ => false,
        };
    }

    /// <summary>The delay <c>Retry-After</c> asks for, as seconds or as a date.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static bool IsIdempotent(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Options.TryGetValue(Idempotent, out var marked))
        {
            return marked;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options;
    }
}
