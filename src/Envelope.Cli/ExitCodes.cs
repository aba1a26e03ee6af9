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

    /// <summary><c>audit verify</c> found the audit trail edited, cut or its checkpoints forged.</summary>
    public const int AuditBroken = 10;
}
