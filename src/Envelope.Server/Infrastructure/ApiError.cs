namespace Envelope.Server.Infrastructure;

/// <summary>The error body of every failed request: a stable snake_case code clients switch on, and a sentence for people.</summary>
internal sealed record ApiError(string Error, string Message, IReadOnlyDictionary<string, object?>? Details = null);
