using System.Globalization;

namespace FluxMirror.Bench.LargeJob;

/// <summary>What Linux's /proc says about one process: its parent, CPU ticks, memory, command line. Null once it is gone.</summary>
internal static class ProcFiles
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

        // Fields after the ")" that ends the command name, so names with spaces parse: state ppid … utime(12) stime(13).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
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

    public static string CommandName(int pid) => ReadOrNull($"/proc/{pid}/comm")?.Trim() ?? "";

    public static string CommandLine(int pid) => ReadOrNull($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";

    public static IEnumerable<int> AllProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n is { Length: > 0 } && n.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

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
