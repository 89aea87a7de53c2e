using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Selection;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Plans one charts entry within the planning deadline: list the chart's versions from the repository index, select
/// them like tags (semver constraint = <c>version</c>, highest first, <c>limit</c>), one tag copy per selected version.
/// </summary>
public sealed class ChartPlanner(HelmRepositories repositories, IMirrorLog log)
{
    public async Task<EntryPlan> PlanAsync(int index, ChartEntry entry, JobOptions options, CancellationToken ct)
    {
        var entryRef = ChartLabels.Describe(index, entry);
        IReadOnlyList<string> versions;
        using (var deadline = new PlanningDeadline(options.PlanningTimeout, ct))
        {
            try
            {
                var repository = await repositories.GetAsync(entry.Source, deadline.Token).ConfigureAwait(false);
                versions = await repository.ListVersionsAsync(entry.Name, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (deadline.RanOut(ex))
            {
                return new EntryPlan(entryRef, [], $"load index {HelmUrls.Display(entry.Source)}: {deadline.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new EntryPlan(entryRef, [], ex.Message);
            }
        }

        SelectionResult selection;
        try
        {
            selection = TagSelector.Select(versions, new SelectorSpec(Semver: entry.EffectiveVersion, SortBy: SortOrder.Semver, Limit: entry.EffectiveLimit));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EntryPlan(entryRef, [], "select versions: " + ex.Message);
        }

        foreach (var excluded in selection.Excluded)
        {
            log.Write("version excluded by selector", ("chart", entry.Name), ("version", excluded.Tag), ("reason", excluded.Reason));
        }

        var overwrite = entry.Overwrite || options.Overwrite;
        var copies = selection.Selected
            .Select((version, i) => new TagCopySpec(
                index, i, EntryKind.Chart, version, entry.Source, entry.DestinationRepository, ChartLabels.VersionToTag(version), null, overwrite, options.DryRun))
            .ToList();
        return new EntryPlan(entryRef, copies, null);
    }
}
