using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator.Embedded;

/// <summary>
/// Whether an embedded run plans its first entries while the journal recovers (measured with bench/noop-start.sh:
/// the job index's recovery is the slowest step of a short run, and the tag lists need only the network). Up to
/// --concurrency entries are planned ahead of the coordinator, and their tags judged with the attempts' own HEADs
/// until the coordinator takes the plan, so a no-op's checks overlap the recovery too. Not with --verbose: the verbose
/// log is a trace of the run's requests in order, and a resumed job's early plans of entries it had already journaled
/// would add to it.
/// </summary>
public static class EarlyPlanning
{
    public static EarlyJobPlanner Start(IJobPlanner planner, JobRuntime runtime, JobOptions options, IMirrorLog log) =>
        EarlyJobPlanner.Start(planner, log.Enabled ? 0 : options.Concurrency, new EarlyTagJudge(runtime.Artifacts, options.Concurrency));
}
