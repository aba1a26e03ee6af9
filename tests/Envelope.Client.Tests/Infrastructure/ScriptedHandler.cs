using System.Collections.Concurrent;

namespace Envelope.Client.Tests.Infrastructure;

/// <summary>
/// Sits in front of the in-process server: records every attempt, and answers the first ones from a script (a canned
/// response or an exception) before letting requests through.
/// </summary>
public sealed class ScriptedHandler(HttpMessageHandler server) : DelegatingHandler(server)
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public ConcurrentQueue<(HttpMethod Method, string Path, DateTimeOffset At)> Attempts { get; } = new();

    public ScriptedHandler Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public int AttemptsAt(string pathSuffix) => Attempts.Count(a => a.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Attempts.Enqueue((request.Method, request.RequestUri!.AbsolutePath, DateTimeOffset.UtcNow));
        return _script.TryDequeue(out var answer)
            ? Task.FromResult(answer(request))
            : base.SendAsync(request, cancellationToken);
    }
}
