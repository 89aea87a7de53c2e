using FluxMirror.Domain.Config;
using FluxMirror.Domain.Jobs;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Actors.Jobs;

/// <summary>Plans the entries of a config: every artifacts entry in config order, then every charts entry.</summary>
public sealed class ConfigJobPlanner(MirrorConfig config, JobOptions options, JobRuntime runtime) : IJobPlanner
{
    public int EntryCount => config.Artifacts.Count + config.Charts.Count;

    public EntryRef Describe(int entryIndex) => entryIndex < config.Artifacts.Count
        ? ArtifactPlanner.Describe(entryIndex, config.Artifacts[entryIndex])
        : ChartLabels.Describe(entryIndex, config.Charts[entryIndex - config.Artifacts.Count]);

    public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct)
    {
        if (entryIndex < config.Artifacts.Count)
        {
            var entry = config.Artifacts[entryIndex];
            return runtime.Planner.PlanAsync(entryIndex, entry, options, runtime.Verifiers.For(entryIndex, entry), ct);
        }

        return runtime.ChartPlanner.PlanAsync(entryIndex, config.Charts[entryIndex - config.Artifacts.Count], options, ct);
    }
}
