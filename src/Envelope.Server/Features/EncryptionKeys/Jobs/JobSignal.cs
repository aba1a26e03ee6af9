namespace Envelope.Server.Features.EncryptionKeys.Jobs;

/// <summary>Wakes this node's worker when it queued a job itself, instead of waiting for the next poll.</summary>
internal sealed class JobSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);
}
