namespace Envelope.Load;

/// <summary>A missed target is a result, not a failure: only broken measurements and set-up problems exit non-zero.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A measurement saw errors (non-2xx, socket errors, lost writes), so its figures mean nothing.</summary>
    public const int MeasurementFailed = 1;

    /// <summary>wrk, the server build or the server itself was not there or did not start.</summary>
    public const int SetupFailed = 2;

    public const int InvalidArguments = 64;

    public const int Interrupted = 130;
}
