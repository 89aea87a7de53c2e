using System.Runtime.InteropServices;

namespace FluxMirror.Hosting.Nodes;

/// <summary>
/// Ctrl+C and SIGTERM as one cancellation token, for an executable's <c>Main</c>.
/// <para>
/// A signal can reach this handler after <c>Main</c> is done with the token. The generic host registers its own SIGTERM
/// handler, and the runtime runs every handler of a signal one after the other on one thread, in no fixed order. When
/// the host's handler runs first, the host stops, and <c>Main</c> can finish and dispose what it holds before this
/// handler runs. A handler that cancelled a disposed source threw on that thread, and the process aborted with exit
/// code 134 instead of 0 (3 of 70 SIGTERMs in repeated rolling restarts).
/// </para>
/// <para>
/// So the source is never disposed (it owns no timer and no wait handle, so nothing leaks), and after
/// <see cref="Dispose"/> a signal does nothing: no cancellation callback runs once its command has returned.
/// </para>
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration _sigterm;
    private bool _disposed;

    public ShutdownSignals()
    {
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Cancelled by the first Ctrl+C or SIGTERM that arrives before <see cref="Dispose"/>.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>What the SIGTERM registration runs: the command stops itself through the token (no default exit).</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Cancel();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Cancel();
    }

    // Under the lock so that Dispose cannot return while callbacks of this cancellation still run.
    private void Cancel()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _source.Cancel();
            }
        }
    }
}
