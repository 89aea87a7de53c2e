namespace FluxMirror.Bench.Estate;

/// <summary>The machine's load average: neighbours' builds and tests share the cores, and every figure is read against it.</summary>
internal static class LoadAverage
{
    private const string Path = "/proc/loadavg";

    /// <summary>"1-min 5-min 15-min", or "n/a" off Linux.</summary>
    public static string All() => File.Exists(Path) ? string.Join(' ', File.ReadAllText(Path).Split(' ').Take(3)) : "n/a";

    public static string OneMinute() => All().Split(' ')[0];
}
