using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Envelope.Cli.OAuth;

/// <summary>
/// Waits for the browser's redirect to <c>http://127.0.0.1:{port}/callback</c> (RFC 8252 §7.3) on a port the system
/// picked, bound to the loopback address only.
/// </summary>
internal sealed class LoopbackCallbackListener : IDisposable
{
    private readonly HttpListener _listener;

    private LoopbackCallbackListener(HttpListener listener, int port)
    {
        _listener = listener;
        RedirectUri = new Uri($"http://127.0.0.1:{port}/callback");
    }

    public Uri RedirectUri { get; }

    public static LoopbackCallbackListener Start()
    {
        // HttpListener wants a port up front: take a free one from the system, and try again if another process took
        // it in between.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackCallbackListener(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// The answer in the first request to <c>/callback</c> that carries our <c>state</c>; anything else (a favicon, a
    /// stray or forged request) is refused and the wait goes on. The browser is told to go back to the terminal.
    /// </summary>
    public async Task<CallbackResult> WaitAsync(string expectedState, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(_listener.Stop);
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var query = context.Request.QueryString;
            if (context.Request.Url?.AbsolutePath != "/callback")
            {
                await RespondAsync(context, HttpStatusCode.NotFound, "Not found.").ConfigureAwait(false);
                continue;
            }

            var result = new CallbackResult(query["code"], query["state"], query["error"], query["error_description"]);
            if (result.State != expectedState)
            {
                await RespondAsync(context, HttpStatusCode.BadRequest, "This sign-in answer does not belong to the waiting envelope login.").ConfigureAwait(false);
                continue;
            }

            var page = result.Error is null
                ? "Signed in. You can close this tab and go back to the terminal."
                : $"Sign-in did not complete ({result.Error}). Go back to the terminal.";
            await RespondAsync(context, HttpStatusCode.OK, page).ConfigureAwait(false);
            return result;
        }
    }

    public void Dispose() => _listener.Close();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Envelope</title></head><body style=\"font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto\"><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var response = context.Response;
        response.StatusCode = (int)status;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength64 = body.Length;
        response.Headers["Cache-Control"] = "no-store";
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }
}

internal sealed record CallbackResult(string? Code, string? State, string? Error, string? ErrorDescription);
