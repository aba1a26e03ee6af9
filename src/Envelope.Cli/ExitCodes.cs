namespace Envelope.Cli;

/// <summary>The exit codes of every command, documented in docs/cli.md; scripts switch on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int Unauthenticated = 3;
    public const int Forbidden = 4;
    public const int NotFound = 5;
    public const int Conflict = 6;
    public const int RateLimited = 7;
    public const int Network = 8;

    /// <summary>
    /// <c>diff</c> found differences (diff(1) says 1; here 1 already means "failed", so a script can tell them apart).
    /// </summary>
    public const int Different = 9;

    /// <summary>
    /// A stored v2 blob does not open at its level under the right key (<c>blob_bound_elsewhere</c>): it was moved or altered
    /// outside Envelope. Its own code, so that a script can tell tampering from a wrong key (1) or a conflict (6).
    /// </summary>
    public const int BlobBoundElsewhere = 10;

    /// <summary>A new raw key is not base64 of 32 bytes (<c>weak_key</c>): <c>init</c>, <c>projects create</c>, <c>keys rotate</c>.</summary>
    public const int WeakKey = 11;

    /// <summary>
    /// A client-managed pull or run received history that does not extend what this CLI received before (an older version,
    /// or a chain that does not pass through it), or <c>versions verify</c> found a break.
    /// </summary>
    public const int HistoryRollback = 12;

    /// <summary><c>audit verify</c> found the audit trail edited, cut or its checkpoints forged.</summary>
    public const int AuditBroken = 13;
}
