using System.Runtime.InteropServices;

namespace Porch.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (a service manager's stop) for a command that runs no host of its own, such as
/// <c>porch share</c>: the first signal cancels <see cref="Token"/> so the command ends its work cleanly and exits on
/// its own; a second one is left to the runtime's default, which ends the process at once, for a stop that hangs.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    private StopSignals(CancellationToken outer)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM, or by <c>outer</c>.</summary>
    public CancellationToken Token => stop.Token;

    public static StopSignals Listen(CancellationToken outer) => new(outer);

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        stop.Cancel();
    }
}
