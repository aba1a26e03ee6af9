using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.RateLimiting;

/// <summary>
/// Counts every request against one budget and answers 429 <c>rate_limited</c> with <c>Retry-After</c> once it is spent.
/// The OAuth token, OAuth revocation and telemetry endpoints are budgeted per client address, in the <see cref="RateLimitStage.Endpoint"/>
/// stage before authentication (the OAuth server answers its token and revocation endpoints inside the authentication middleware). Other
/// requests are counted in the <see cref="RateLimitStage.Caller"/> stage after it: per organization (its plan's
/// allowance) with a valid token, per client address without one (a token that failed included). The address is the
/// connection's, which the forwarded-headers middleware has replaced only when a trusted proxy sent the request.
/// </summary>
internal sealed class RateLimitMiddleware(
    RequestDelegate next, IOptions<RateLimitOptions> options, OrganizationRequestLimits organizations, RateLimitStage stage)
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.Value.Enabled || IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (await PartitionAsync(context) is not { } budget)
        {
            await next(context);
            return;
        }

        var store = context.RequestServices.GetRequiredService<IRateLimitStore>();
        var decision = await store.AcquireAsync(budget.Partition, budget.Limit, RateLimitPolicies.Window, context.RequestAborted);

        // Set as the response starts, so that an error answer that clears the response still carries them.
        context.Response.OnStarting(static state =>
        {
            var (response, decision) = ((HttpResponse, RateLimitDecision))state;
            response.Headers[LimitHeader] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[RemainingHeader] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, decision));

        if (!decision.Allowed)
        {
            await TooManyRequests(decision).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>The budget this request counts against in this stage, or null when the other stage counts it.</summary>
    private async ValueTask<(string Partition, int Limit)?> PartitionAsync(HttpContext context)
    {
        var endpoint = EndpointPartition(context);
        if (stage == RateLimitStage.Endpoint)
        {
            return endpoint;
        }

        if (endpoint is not null)
        {
            // Counted before authentication.
            return null;
        }

        if (context.User.FindFirst(EnvelopeClaims.Organization)?.Value is { Length: > 0 } organizationId)
        {
            var db = context.RequestServices.GetRequiredService<EnvelopeDbContext>();
            return ($"org:{organizationId}", await organizations.GetAsync(organizationId, db, context.RequestAborted));
        }

        return ($"ip:{ClientAddress(context)}", RateLimitPolicies.DefaultPerMinute);
    }

    private static (string Partition, int Limit)? EndpointPartition(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(RateLimitPolicies.TokenEndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            return ($"oauth-token:{ClientAddress(context)}", RateLimitPolicies.TokenEndpointPerMinute);
        }

        // Answered by the OAuth server inside authentication too; a budget of its own, so that logging out never
        // spends the refreshes of other CLI sessions at the same address.
        if (path.StartsWithSegments(RateLimitPolicies.RevocationEndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            return ($"oauth-revoke:{ClientAddress(context)}", RateLimitPolicies.TokenEndpointPerMinute);
        }

        return IsExactly(path, RateLimitPolicies.TelemetryPath)
            ? ($"telemetry:{ClientAddress(context)}", RateLimitPolicies.TelemetryPerMinute)
            : null;
    }

    private static ApiErrorResult TooManyRequests(RateLimitDecision decision)
    {
        var seconds = decision.RetryAfterSeconds;
        return new ApiErrorResult(StatusCodes.Status429TooManyRequests, new("rate_limited",
            $"Rate limit of {decision.Limit} requests a minute reached. Retry in {seconds} s.",
            new Dictionary<string, object?> { ["limit"] = decision.Limit, ["retry_after"] = seconds }))
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>
    /// The client's address; an IPv6 client by its /64, which one subscriber usually holds whole and can rotate through
    /// at will. An in-process host (tests) has no address, and all such requests share one budget.
    /// </summary>
    internal static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    // Probes and the API description carry nothing worth protecting and must answer even when a client misbehaves.
    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase);

    private static bool IsExactly(PathString path, string expected) =>
        path.StartsWithSegments(expected, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/");
}
