using System.Collections.Immutable;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// What a job has produced so far: plans and final rows by position, so the report lists rows in plan
/// order whatever order they finished in. The coordinator rebuilds it from its journal; the aggregator
/// folds the same events. Immutable; <see cref="Apply(object)"/> folds one event.
/// </summary>
public sealed record JobState(
    int EntryCount,
    ImmutableDictionary<int, EntryPlan> Plans,
    ImmutableDictionary<(int Entry, int Tag), TagRowFinished> Finished,
    ImmutableHashSet<(int Entry, int Tag)> Dispatched,
    ImmutableDictionary<int, int> DonePerEntry,
    long BytesUploaded)
{
    public static JobState Empty(int entryCount) => new(
        entryCount,
        ImmutableDictionary<int, EntryPlan>.Empty,
        ImmutableDictionary<(int, int), TagRowFinished>.Empty,
        ImmutableHashSet<(int, int)>.Empty,
        ImmutableDictionary<int, int>.Empty,
        0);

    /// <summary>Rebuilds the state from a snapshot or a recovery notice.</summary>
    public static JobState From(int entryCount, IEnumerable<EntryPlan> plans, IEnumerable<TagRowFinished> rows, IEnumerable<TagDispatched>? dispatched = null)
    {
        var state = (dispatched ?? []).Aggregate(Empty(entryCount), (s, d) => s.Apply(d));
        foreach (var plan in plans)
        {
            state = state.Apply(new EntryPlanned(string.Empty, plan));
        }

        return rows.Aggregate(state, (s, row) => s.Apply(row));
    }

    // Counters are kept as events fold in: progress is published on every row, so it must not rescan the job.
    public int TagsTotal { get; init; }

    public int TagsDone => Finished.Count;

    /// <summary>Set once an operator cancelled the job.</summary>
    public JobCancelled? Cancelled { get; init; }

    /// <summary>The coordinator's last event, once the job is complete: when it started and how long it ran.</summary>
    public JobCompleted? Completed { get; init; }

    public int EntriesDone => Plans.Values.Count(p => DonePerEntry.GetValueOrDefault(p.Entry.Index) == p.Copies.Count);

    /// <summary>How many tags each worker node ran (for <c>job show</c>).</summary>
    public IReadOnlyDictionary<string, int> TagsPerWorker => Finished.Values
        .GroupBy(r => r.Worker)
        .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Index of the next entry to plan: entries are planned in order, so it is one past the highest planned.</summary>
    public int NextEntryToPlan => Plans.IsEmpty ? 0 : Plans.Keys.Max() + 1;

    public bool IsRowFinished(TagCopySpec copy) => Finished.ContainsKey((copy.EntryIndex, copy.TagIndex));

    public JobState Apply(object evt) => evt switch
    {
        JobSnapshot snapshot => From(EntryCount, snapshot.Plans, snapshot.Rows, snapshot.Dispatched) with { Cancelled = snapshot.Cancelled },
        JobCancelled cancelled when Cancelled is null => this with { Cancelled = cancelled },
        EntryPlanned planned when !Plans.ContainsKey(planned.Plan.Entry.Index) => this with
        {
            Plans = Plans.Add(planned.Plan.Entry.Index, planned.Plan),
            TagsTotal = TagsTotal + planned.Plan.Copies.Count,
        },
        TagRowFinished row when !Finished.ContainsKey((row.Copy.EntryIndex, row.Copy.TagIndex)) => this with
        {
            Finished = Finished.Add((row.Copy.EntryIndex, row.Copy.TagIndex), row),
            DonePerEntry = DonePerEntry.SetItem(row.Copy.EntryIndex, DonePerEntry.GetValueOrDefault(row.Copy.EntryIndex) + 1),
            BytesUploaded = BytesUploaded + row.BytesUploaded,
        },
        TagDispatched d => this with { Dispatched = Dispatched.Add((d.EntryIndex, d.TagIndex)) },
        JobCompleted completed => this with { Completed = completed },
        _ => this,
    };

    /// <summary>Planned tag copies without a final row, in plan order: what a resumed job still has to run.</summary>
    public IEnumerable<TagCopySpec> Unfinished() => Plans.Values
        .OrderBy(p => p.Entry.Index)
        .SelectMany(p => p.Copies)
        .Where(c => !IsRowFinished(c));

    public JobProgress Progress(string jobId) => new(jobId, EntriesDone, EntryCount, TagsDone, TagsTotal, BytesUploaded);

    public IReadOnlyList<EntryPlan> OrderedPlans() => Plans.Values.OrderBy(p => p.Entry.Index).ToList();

    public JobSnapshot ToSnapshot(string jobId) =>
        new(jobId, OrderedPlans(), OrderedRows(), Dispatched.Except(Finished.Keys).Select(k => new TagDispatched(jobId, k.Entry, k.Tag)).ToList(), Cancelled);

    /// <summary>Tags a previous run handed to a worker and never saw finish: they may have been copied before the crash.</summary>
    public IReadOnlySet<(int Entry, int Tag)> InterruptedTags() => Dispatched.Except(Finished.Keys);

    public IReadOnlyList<TagRowFinished> OrderedRows() => Finished.Values.OrderBy(r => r.Copy.EntryIndex).ThenBy(r => r.Copy.TagIndex).ToList();

    /// <summary>The report of a complete job (the one the aggregator sent, rebuilt the same way from a journal).</summary>
    public SyncReport Report(string reporter) =>
        SyncReport.Create(reporter, Completed?.Started ?? throw new InvalidOperationException("the job is not complete"), Completed.Duration, Results());

    /// <summary>Entry results in config order, rows in plan order.</summary>
    public IReadOnlyList<EntryResult> Results() => OrderedPlans()
        .Select(p => p.Failed
            ? EntryResult.Failed(p.Entry.Label, p.Entry.Destination, p.PlanError!)
            : new EntryResult(p.Entry.Label, p.Entry.Destination, false, null, p.Copies
                .Select(c => Finished.TryGetValue((c.EntryIndex, c.TagIndex), out var r) ? r.Row : new TagResult(c.Tag, TagStatus.Failed, Error: "not run"))
                .ToList()))
        .ToList();
}
