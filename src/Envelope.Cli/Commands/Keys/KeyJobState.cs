using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary>What a server key job's status word means to the CLI; anything else the server may say is <see cref="Unknown"/>.</summary>
internal enum KeyJobState
{
    Unknown,
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// The one place a key job's status word is read. <see cref="KeyJob.Status"/> stays a string in Envelope.Client, and
/// the CLI still prints and emits that word as the server sent it.
/// </summary>
internal static class KeyJobStates
{
    public static KeyJobState State(this KeyJob job) => Parse(job.Status);

    public static KeyJobState Parse(string status) => status.ToUpperInvariant() switch
    {
        "QUEUED" => KeyJobState.Queued,
        "RUNNING" => KeyJobState.Running,
        "COMPLETED" => KeyJobState.Completed,
        "FAILED" => KeyJobState.Failed,
        _ => KeyJobState.Unknown,
    };
}
