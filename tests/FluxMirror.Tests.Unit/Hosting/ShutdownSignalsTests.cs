using System.Runtime.InteropServices;
using FluxMirror.Hosting.Nodes;

namespace FluxMirror.Tests.Unit.Hosting;

/// <summary>
/// Ctrl+C and SIGTERM as the command's token. The handler is called directly: a real SIGTERM would reach the test
/// runner's own handlers too.
/// </summary>
public sealed class ShutdownSignalsTests
{
    [Fact]
    public void A_sigterm_cancels_the_token_and_keeps_the_runtime_from_exiting_at_once()
    {
        using var signals = new ShutdownSignals();
        var context = new PosixSignalContext(PosixSignal.SIGTERM);

        signals.OnSignal(context);

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.True(context.Cancel);
    }

    [Fact]
    public void A_sigterm_handled_after_main_is_done_does_nothing_and_does_not_throw()
    {
        // The generic host's own SIGTERM handler may run first: the host stops and Main returns and disposes the
        // signals before this handler runs (a node exited 134 on SIGTERM).
        var signals = new ShutdownSignals();
        var callbacks = 0;
        signals.Token.Register(() =>
        {
            callbacks++;
            throw new ObjectDisposedException("what Main held");
        });
        signals.Dispose();
        var context = new PosixSignalContext(PosixSignal.SIGTERM);

        signals.OnSignal(context);

        Assert.Equal(0, callbacks);
        Assert.False(signals.Token.IsCancellationRequested);
        Assert.True(context.Cancel);
    }

    [Fact]
    public void Only_the_first_signal_cancels_and_a_second_one_is_harmless()
    {
        using var signals = new ShutdownSignals();
        var callbacks = 0;
        signals.Token.Register(() => callbacks++);

        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));

        Assert.Equal(1, callbacks);
    }
}
