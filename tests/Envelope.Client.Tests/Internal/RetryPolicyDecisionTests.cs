using System.Net;
using Envelope.Client.Internal;
using Polly;

namespace Envelope.Client.Tests.Internal;

/// <summary>The retry table of docs/client.md, row by row, without a server.</summary>
public sealed class RetryPolicyDecisionTests
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("GET", null, 500, null, true)]
    [InlineData("GET", null, 502, null, true)]
    [InlineData("GET", null, 408, null, true)]
    [InlineData("DELETE", null, 503, null, true)]
    [InlineData("GET", null, 404, null, false)]
    [InlineData("GET", null, 422, null, false)]
    [InlineData("POST", null, 500, null, false)]
    [InlineData("POST", null, 503, null, false)]
    [InlineData("PATCH", null, 502, null, false)]
    [InlineData("POST", null, 429, null, true)]
    [InlineData("POST", null, 429, 5, true)]
    [InlineData("POST", null, 503, 5, true)]
    [InlineData("POST", null, 429, 31, false)]
    [InlineData("GET", null, 503, 3600, false)]
    [InlineData("POST", true, 500, null, true)]
    [InlineData("GET", false, 500, null, false)]
    public void ShouldRetry_Response_FollowsTheTable(string method, bool? markedIdempotent, int status, int? retryAfterSeconds, bool expected)
    {
        using var request = Request(method, markedIdempotent);
        using var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        Assert.Equal(expected, RetryPolicy.ShouldRetry(Outcome.FromResult(response), request, MaxRetryAfter));
    }

    [Theory]
    [InlineData("POST", HttpRequestError.ConnectionError, true)]
    [InlineData("POST", HttpRequestError.NameResolutionError, true)]
    [InlineData("POST", HttpRequestError.ResponseEnded, false)]
    [InlineData("POST", HttpRequestError.Unknown, false)]
    [InlineData("GET", HttpRequestError.ResponseEnded, true)]
    [InlineData("PUT", HttpRequestError.Unknown, true)]
    public void ShouldRetry_TransportFailure_RetriesWhenNothingCanHaveBeenDone(string method, HttpRequestError error, bool expected)
    {
        using var request = Request(method, null);

        Assert.Equal(expected, RetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "failed")), request, MaxRetryAfter));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    public void ShouldRetry_AttemptTimeout_RetriesOnlyIdempotentRequests(string method, bool expected)
    {
        using var request = Request(method, null);

        Assert.Equal(expected, RetryPolicy.ShouldRetry(Outcome.FromException<HttpResponseMessage>(TimeoutRejected()), request, MaxRetryAfter));
    }

    // Polly 7 (through the server's dependencies) has a type of the same name; take Polly 8's, the one the client sees.
    private static Exception TimeoutRejected() =>
        (Exception)Activator.CreateInstance(typeof(ResiliencePipeline).Assembly.GetType("Polly.Timeout.TimeoutRejectedException", throwOnError: true)!)!;

    private static HttpRequestMessage Request(string method, bool? markedIdempotent)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), "http://localhost/api/v1/me");
        if (markedIdempotent is { } marked)
        {
            request.Options.Set(RetryPolicy.Idempotent, marked);
        }

        return request;
    }
}
