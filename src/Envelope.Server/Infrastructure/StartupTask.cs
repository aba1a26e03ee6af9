namespace Envelope.Server.Infrastructure;

/// <summary>
/// Work that must be done before the server takes requests: the host runs every task's <see cref="StartingAsync"/>
/// in registration order before Kestrel listens, and a task that throws stops the start.
/// </summary>
internal abstract class StartupTask : IHostedLifecycleService
{
    public abstract Task StartingAsync(CancellationToken cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
