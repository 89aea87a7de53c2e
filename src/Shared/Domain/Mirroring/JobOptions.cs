namespace FluxMirror.Domain.Mirroring;

/// <summary>The sync flags that shape a job (the same for the embedded run and a cluster submission).</summary>
/// <param name="Concurrency">Tag jobs in flight at once.</param>
/// <param name="Retries">Extra attempts per tag job after the first.</param>
/// <param name="PerJobTimeout">Budget of one tag job, all attempts and backoffs included.</param>
/// <param name="Overwrite">Forces overwrite on every entry.</param>
/// <param name="DryRun">Reads everything, writes nothing.</param>
/// <param name="Insecure">Plain HTTP and no TLS verification.</param>
public sealed record JobOptions(
    int Concurrency = 4,
    int Retries = 3,
    TimeSpan? PerJobTimeout = null,
    bool Overwrite = false,
    bool DryRun = false,
    bool Insecure = false)
{
    public TimeSpan Timeout => PerJobTimeout ?? TimeSpan.FromMinutes(5);

    /// <summary>
    /// Bound of planning one entry (tag list and selection, or the chart index): the same budget as one tag job. The
    /// reference leaves planning to the process context, which a long-running coordinator never cancels; a registry
    /// that stops answering would hold the whole job. Planning is a handful of requests like a tag job's, so it gets
    /// the same bound rather than a flag of its own.
    /// </summary>
    public TimeSpan PlanningTimeout => Timeout;

    /// <summary>Backoff before retry <paramref name="attempt"/> (0-based): 200ms·2^attempt, no jitter, as the reference.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
}
