using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Actors.Jobs;

/// <summary>Plans the entries of one job, in config order (artifacts, then charts).</summary>
public interface IJobPlanner
{
    int EntryCount { get; }

    Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct);
}
