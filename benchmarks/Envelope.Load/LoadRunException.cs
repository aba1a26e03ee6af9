namespace Envelope.Load;

/// <summary>Stops the run: a prerequisite is missing or the server answered something a healthy one does not.</summary>
internal sealed class LoadRunException(string message, int exitCode = ExitCodes.SetupFailed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
