using System.Globalization;
using System.Net;
using System.Text;
using Envelope.Server.RateLimiting;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Envelope.Server.Tests.RateLimiting;

/// <summary>
/// Requests sent straight into the test server, so that a test chooses the connection's address (an HttpClient's
/// requests have none) and its forwarded headers. They claim https, as a TLS-terminating listener would.
/// </summary>
public static class RawRequests
{
    public static Task<HttpContext> SendAsync(
        EnvelopeApplication app, string method, string path, string? address, string? token = null, string? json = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Scheme = "https";
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
            if (token is not null)
            {
                c.Request.Headers.Authorization = $"Bearer {token}";
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                c.Request.Headers[name] = value;
            }

            if (json is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                c.Request.ContentType = "application/json";
                c.Request.ContentLength = bytes.Length;
                c.Request.Body = new MemoryStream(bytes);
            }
        });

    public static int? Limit(HttpContext context) => Header(context, RateLimitMiddleware.LimitHeader);

    public static int? Remaining(HttpContext context) => Header(context, RateLimitMiddleware.RemainingHeader);

    public static async Task<string> BodyAsync(HttpContext context) => await new StreamReader(context.Response.Body).ReadToEndAsync();

    /// <summary>Moves the clock to 15 seconds into the next minute, so a test's requests share one window that ends in 45 s.</summary>
    public static void StartOfWindow(params FakeTimeProvider[] clocks)
    {
        var latest = clocks.Max(c => c.GetUtcNow());
        var start = new DateTimeOffset(latest.UtcTicks - (latest.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1).AddSeconds(15);
        foreach (var clock in clocks)
        {
            clock.SetUtcNow(start);
        }
    }

    private static int? Header(HttpContext context, string name) =>
        context.Response.Headers.TryGetValue(name, out var value) ? int.Parse(value.ToString(), CultureInfo.InvariantCulture) : null;
}
