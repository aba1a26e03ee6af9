using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Envelope.Cli.Tests.Infrastructure;

/// <summary>
/// A proxy on a loopback port in front of the real server: it answers the next <see cref="RefuseNext"/> requests the way
/// the server's rate limiter does (429, <c>Retry-After</c>, the <c>rate_limited</c> body) and forwards everything else.
/// The server's own limits are per minute; this makes a retry testable in a second. It also keeps what it forwarded, so
/// that a test can see exactly what the CLI sent (a telemetry event, the filters of a retrieve).
/// </summary>
public sealed class RateLimitingProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new();
    private readonly Uri _server;
    private readonly Task _loop;
    private readonly ConcurrentQueue<ForwardedRequest> _forwarded = new();
    private int _refuseNext;
    private int _requests;

    public RateLimitingProxy(Uri server, int retryAfterSeconds = 1)
    {
        _server = server;
        RetryAfterSeconds = retryAfterSeconds;
        var port = ServerProcess.FreePort();
        Address = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Address { get; }

    public int RetryAfterSeconds { get; }

    public int RefuseNext { get => Volatile.Read(ref _refuseNext); set => Volatile.Write(ref _refuseNext, value); }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every request forwarded so far, in order.</summary>
    public IReadOnlyList<ForwardedRequest> Forwarded => [.. _forwarded];

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        _upstream.Dispose();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            try
            {
                if (Interlocked.Decrement(ref _refuseNext) >= 0)
                {
                    await RefuseAsync(context.Response);
                }
                else
                {
                    Interlocked.Exchange(ref _refuseNext, 0);
                    await ForwardAsync(context);
                }
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task RefuseAsync(HttpListenerResponse response)
    {
        var seconds = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(
            "{\"error\":\"rate_limited\",\"message\":\"Rate limit of 100 requests a minute reached. Retry in " + seconds + " s.\"," +
            "\"details\":{\"limit\":100,\"retry_after\":" + seconds + "}}");
        response.StatusCode = 429;
        response.ContentType = "application/json";
        response.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.OutputStream.WriteAsync(body);
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_server, request.Url!.PathAndQuery));
        if (request.HasEntityBody)
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            forwarded.Content = new ByteArrayContent(buffer.ToArray());
            _forwarded.Enqueue(new ForwardedRequest(request.HttpMethod, request.Url.AbsolutePath, Encoding.UTF8.GetString(buffer.ToArray())));
            if (request.ContentType is { } contentType)
            {
                forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        else
        {
            _forwarded.Enqueue(new ForwardedRequest(request.HttpMethod, request.Url.AbsolutePath, ""));
        }

        foreach (var name in new[] { "Authorization", "Accept" })
        {
            if (request.Headers[name] is { } value)
            {
                forwarded.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var answer = await _upstream.SendAsync(forwarded);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await context.Response.OutputStream.WriteAsync(bytes);
    }
}

/// <summary>A request the proxy forwarded: its method, path (without the query) and body.</summary>
public sealed record ForwardedRequest(string Method, string Path, string Body);
