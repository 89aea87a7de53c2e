using FluxMirror.Shared.Mirroring;

namespace FluxMirror.Coordinator.Jobs;

/// <summary>Plans the entries of one job, in config order (artifacts, then charts).</summary>
public interface IJobPlanner
{
    int EntryCount { get; }

    Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct);
}
