using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Actors.Jobs;

/// <summary>Plans the entries of one job, in config order (artifacts, then charts).</summary>
public interface IJobPlanner
{
    int EntryCount { get; }

    /// <summary>What entry <paramref name="entryIndex"/> is (its label and destination), without planning it.</summary>
    EntryRef Describe(int entryIndex);

    Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct);
}
