namespace Envelope.Client.Internal;

/// <summary><c>{"purged_count": n}</c>.</summary>
internal sealed record PurgeResult(int PurgedCount);
