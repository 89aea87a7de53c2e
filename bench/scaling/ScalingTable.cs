using System.Globalization;

namespace FluxMirror.Bench.Scaling;

/// <summary>Prints the runs side by side and the speed-up of the largest cluster over the single worker.</summary>
internal static class ScalingTable
{
    public static void Print(IReadOnlyList<RunFigures> runs, TextWriter output)
    {
        // CPU in cores (1.00 = one core fully busy) so the bench's share and the machine's total compare directly.
        output.WriteLine();
        output.WriteLine($"workers  wall s  tags/s  mean tag ms  cluster+proxies cores  registries cores  machine busy cores (of {Environment.ProcessorCount})  rows per worker");
        foreach (var run in runs)
        {
            var machineCores = run.MachineBusyPercent / 100 * Environment.ProcessorCount;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Workers,7}  {run.Wall.TotalSeconds,6:0.00}  {run.TagsPerSecond,6:0.0}  {run.MeanTagCopy.TotalMilliseconds,11:0}  {run.ProcessCpuPercent / 100,21:0.00}  {run.RegistriesCpuPercent / 100,16:0.00}  {machineCores,26:0.00}  {string.Join("/", run.RowsPerWorker)}"));
        }
    }

    /// <summary>Wall time of the first run over that of the last.</summary>
    public static double SpeedUp(IReadOnlyList<RunFigures> runs) => runs[0].Wall / runs[^1].Wall;
}
