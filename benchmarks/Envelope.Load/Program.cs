using System.Runtime.InteropServices;
using Envelope.Load;

// benchmarks/load/run.sh builds the server and this runner in Release, then starts it with its own arguments.
var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        await Console.Error.WriteLineAsync(error);
    }

    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return string.IsNullOrEmpty(error) ? ExitCodes.Success : ExitCodes.InvalidArguments;
}

if (Wrk.Locate() is not { } wrk)
{
    await Console.Error.WriteLineAsync(Wrk.InstallHint);
    return ExitCodes.SetupFailed;
}

using var interrupted = new CancellationTokenSource();
// Ctrl-C or a kill: let the run's finally blocks stop both servers and delete the temporary directory.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

try
{
    var layout = RepositoryLayout.Locate(options.ServerBuild);
    layout.Check();
    return await new LoadRun(options, wrk, layout).RunAsync(interrupted.Token);
}
catch (LoadRunException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return e.ExitCode;
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Interrupted; servers stopped.");
    return ExitCodes.Interrupted;
}

void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}
