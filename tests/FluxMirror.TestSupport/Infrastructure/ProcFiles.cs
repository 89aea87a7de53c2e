using System.Globalization;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// What Linux's /proc says, for the benches: one process's parent, CPU ticks, memory and command line (null once it is
/// gone), the machine's CPU ticks and its load average (neighbours' builds share the cores; every figure is read against it).
/// </summary>
public static class ProcFiles
{
    // /proc reports CPU in USER_HZ ticks, which Linux fixes at 100 for user space.
    public const double TicksPerSecond = 100;

    /// <summary>Parent pid and utime + stime in ticks, from /proc/&lt;pid&gt;/stat.</summary>
    public static (int ParentId, long CpuTicks)? Stat(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        var fields = FieldsAfterName(stat);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// CPU seconds (user + system) of this process's children that have exited and been waited for, from
    /// /proc/self/stat (cutime, cstime); null off Linux. The difference around one child's run is that child's CPU.
    /// </summary>
    public static double? ReapedChildrenCpuSeconds()
    {
        if (ReadOrNull("/proc/self/stat") is not { } stat)
        {
            return null;
        }

        var fields = FieldsAfterName(stat);
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>A "VmHWM"/"VmRSS"-style line of /proc/&lt;pid&gt;/status, in bytes.</summary>
    public static long? StatusBytes(int pid, string field)
    {
        var line = ReadOrNull($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var kib = line[(field.Length + 1)..].Trim().Split(' ')[0];
        return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Busy and total CPU ticks of the machine (first line of /proc/stat: "cpu user nice system idle iowait …"); null off Linux.</summary>
    public static (long Busy, long Total)? MachineTicks()
    {
        if (ReadOrNull("/proc/stat") is not { } stat)
        {
            return null;
        }

        var fields = stat.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        return (total - idle, total);
    }

    /// <summary>"1-min 5-min 15-min", or "n/a" off Linux.</summary>
    public static string LoadAverage() => ReadOrNull("/proc/loadavg") is { } load ? string.Join(' ', load.Split(' ').Take(3)) : "n/a";

    public static string LoadAverageOneMinute() => LoadAverage().Split(' ')[0];

    public static string CommandName(int pid) => ReadOrNull($"/proc/{pid}/comm")?.Trim() ?? "";

    public static string CommandLine(int pid) => ReadOrNull($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";

    public static IEnumerable<int> AllProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n is { Length: > 0 } && n.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    // The fields of a /proc/<pid>/stat line after the ")" that ends the command name, so names with spaces parse:
    // state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    private static string[] FieldsAfterName(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    // A process can exit between listing /proc and reading it.
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
