using System.Diagnostics;
using System.Runtime;

namespace FluxMirror.Coordinator.Embedded;

/// <summary>
/// Opt-in phase timings of a run (<c>FLUX_MIRROR_TRACE_STARTUP=1</c>), printed to stderr so that where a short
/// run spends its time can be measured on any machine without a profiler. Wall time alone misleads on a busy
/// machine, so each phase also shows the process CPU time and the JIT work it caused. Off, a mark is a no-op.
/// </summary>
public static class StartupTrace
{
    public const string EnvironmentVariable = "FLUX_MIRROR_TRACE_STARTUP";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(EnvironmentVariable) is "1" or "true";
    private static readonly Lock Gate = new();
    private static Sample? _last;

    /// <summary>Prints what the phase that ends now cost since the previous mark (the first: since process start).</summary>
    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        lock (Gate)
        {
            var now = Sample.Take();
            var last = _last ?? Sample.ProcessStart;
            Console.Error.WriteLine(
                $"[startup] {phase,-32} wall +{(now.Wall - last.Wall).TotalMilliseconds,6:0} ms (@{now.Wall.TotalMilliseconds,5:0})" +
                $"  cpu +{(now.Cpu - last.Cpu).TotalMilliseconds,5:0} ms  jit +{(now.Jit - last.Jit).TotalMilliseconds,5:0} ms / {now.JittedMethods - last.JittedMethods,5} methods");
            _last = now;
        }
    }

    private sealed record Sample(TimeSpan Wall, TimeSpan Cpu, TimeSpan Jit, long JittedMethods)
    {
        public static Sample Take()
        {
            using var process = Process.GetCurrentProcess();
            return new Sample(DateTime.Now - process.StartTime, process.TotalProcessorTime, JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount());
        }

        public static Sample ProcessStart { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
    }
}
