using System.Diagnostics;
using System.Globalization;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Scaling;

/// <summary>
/// CPU use over an interval, to tell a latency-bound run from a CPU-bound one, in % of one core (200 % = both
/// cores of a 2-core box): this process (coordinator, workers, proxies), its child processes (the registries),
/// and the machine's non-idle share from /proc/stat, where neighbours' builds and tests count too.
/// </summary>
internal sealed class CpuMeter
{

    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _processStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly Dictionary<int, long> _childrenStart = ChildTicks();
    private readonly (long Busy, long Total)? _machineStart = ProcFiles.MachineTicks();

    public TimeSpan Elapsed => _wall.Elapsed;

    public double ProcessPercent => 100 * (Process.GetCurrentProcess().TotalProcessorTime - _processStart) / _wall.Elapsed;

    /// <summary>Child processes that lived through the whole interval.</summary>
    public double ChildrenPercent
    {
        get
        {
            var used = ChildTicks().Where(c => _childrenStart.ContainsKey(c.Key)).Sum(c => c.Value - _childrenStart[c.Key]);
            return 100 * used / ProcFiles.TicksPerSecond / _wall.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Share of all cores that was busy (100 % = every core); NaN where /proc/stat is not available.</summary>
    public double MachineBusyPercent
    {
        get
        {
            if (_machineStart is not { } start || ProcFiles.MachineTicks() is not { } now || now.Total == start.Total)
            {
                return double.NaN;
            }

            return 100.0 * (now.Busy - start.Busy) / (now.Total - start.Total);
        }
    }

    // utime + stime of each direct child that is still there.
    private static Dictionary<int, long> ChildTicks() =>
        ChildPids().Select(pid => (pid, Stat: ProcFiles.Stat(pid))).Where(p => p.Stat is not null).ToDictionary(p => p.pid, p => p.Stat!.Value.CpuTicks);

    private static IEnumerable<int> ChildPids()
    {
        var tasks = $"/proc/{Environment.ProcessId}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        return Directory.EnumerateDirectories(tasks)
            .SelectMany(t => ReadOrEmpty(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
    }

    // Thread-pool threads come and go between listing the tasks and reading them.
    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
