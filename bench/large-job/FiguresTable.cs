using System.Globalization;

namespace FluxMirror.Bench.LargeJob;

/// <summary>Prints one run's figures as one table: time, CPU and memory per process group, journal growth per tag.</summary>
internal static class FiguresTable
{
    private const double MiB = 1024 * 1024;

    public static void Print(RunFigures run, TextWriter output)
    {
        var tags = run.Estate.Tags;
        var wall = run.Wall.TotalSeconds;
        output.WriteLine();
        Line(output, $"large job: {run.Estate.Repositories} repositories × {run.Estate.TagsPerRepository} tags = {tags} tags; {run.Workers} workers, concurrency {run.ConcurrencyPerWorker} per worker; {Environment.ProcessorCount} cores; load average {run.LoadAverageBefore} before, {run.LoadAverageAfter} after");
        Line(output, $"seeding (not measured)      {run.Seeding.TotalSeconds,10:0.0} s");
        Line(output, $"wall, submit → finished     {wall,10:0.0} s");
        Line(output, $"tags per second             {run.TagsPerSecond,10:0.0}");
        Line(output, $"last entry planned at       {Seconds(run.LastPlanAt),10} s");
        Line(output, $"first row final at          {Seconds(run.FirstRowAt),10} s");
        Line(output, $"machine busy                {run.MachineCores,10:0.00} cores of {Environment.ProcessorCount}");
        output.WriteLine();
        Line(output, $"{"process",-14} {"cpu s",8} {"cores",6} {"cpu ms/tag",10} {"rss before MiB",14} {"peak rss MiB",12} {"VmHWM MiB",10} {"rows",7}");
        foreach (var (group, seconds) in run.CpuSeconds)
        {
            var memory = run.Memory.FirstOrDefault(m => m.Node == group);
            Line(output,
                $"{group,-14} {seconds,8:0.0} {seconds / wall,6:0.00} {seconds * 1000 / tags,10:0.00} {Mib(memory?.BaselineRss),14} {Mib(memory?.PeakSampledRss),12} {Mib(memory?.HighWaterMark),10} {(run.RowsPerWorker.TryGetValue(group, out var rows) ? rows.ToString(CultureInfo.InvariantCulture) : ""),7}");
        }

        output.WriteLine();
        Line(output, $"journal: {run.Journal.Rows} rows ({run.Journal.Rows / (double)tags:0.00} per tag), {run.Journal.PayloadBytes / MiB:0.0} MiB payload ({run.Journal.PayloadBytes / (double)tags:0} bytes per tag); database on disk {run.Journal.DiskBytes / MiB:0.0} MiB ({run.Journal.DiskBytes / (double)tags:0} bytes per tag)");
        foreach (var (manifest, rows, bytes) in run.Journal.Events)
        {
            Line(output, $"  event {manifest,-24} {rows,8} rows {bytes / MiB,9:0.00} MiB  {bytes / (double)Math.Max(rows, 1),8:0} bytes/row");
        }

        foreach (var (table, rows, bytes) in run.Journal.Tables)
        {
            Line(output, $"  table {table,-24} {rows,8} rows {bytes / MiB,9:0.00} MiB on disk");
        }

        output.WriteLine();
        output.WriteLine(run.Problem is null ? $"every tag correct: {tags} rows copied, {run.Estate.Repositories} destination repositories list all {run.Estate.TagsPerRepository} tags" : $"FAIL: {run.Problem}");
    }

    private static string Seconds(TimeSpan? at) => at is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Mib(long? bytes) => bytes is { } b ? (b / MiB).ToString("0", CultureInfo.InvariantCulture) : "";

    private static void Line(TextWriter output, FormattableString text) => output.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
