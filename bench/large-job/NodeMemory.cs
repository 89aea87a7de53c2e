namespace FluxMirror.Bench.LargeJob;

/// <summary>One node's memory in bytes: RSS before the job, highest sampled RSS during it, and VmHWM at its end.</summary>
internal sealed record NodeMemory(string Node, long BaselineRss, long PeakSampledRss, long HighWaterMark);
