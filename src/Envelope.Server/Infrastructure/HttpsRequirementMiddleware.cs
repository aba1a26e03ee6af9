using System.Net;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// Refuses plain HTTP with 403 https_required unless the client is on loopback; behind a trusted proxy the
/// forwarded-headers middleware has already set the scheme the proxy saw.
/// </summary>
internal sealed class HttpsRequirementMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || IsLocal(context.Connection.RemoteIpAddress) || IsProbe(context.Request.Path))
        {
            return next(context);
        }

        return ApiErrors.Forbidden("https_required", "Envelope accepts plain HTTP only from this machine. Use HTTPS.").ExecuteAsync(context);
    }

    // An in-process host (tests) has no remote address.
    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    // Load balancers probe health over plain HTTP from their own addresses; the probes carry nothing secret.
    private static bool IsProbe(PathString path) => path == "/healthz" || path == "/readyz";
}
