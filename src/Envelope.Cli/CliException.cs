namespace Envelope.Cli;

/// <summary>An expected failure found by the CLI itself (not logged in, a bad flag, an unsafe key file).</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string errorCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
        ErrorCode = errorCode;
    }

    public CliException()
    {
        ErrorCode = "error";
    }

    public CliException(string message)
        : base(message)
    {
        ErrorCode = "error";
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "error";
    }

    public int ExitCode { get; } = ExitCodes.Error;

    public string ErrorCode { get; }

    public static CliException Usage(string message) => new(ExitCodes.Usage, "usage", message);
}
