using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.Output;

/// <summary><c>--verbose</c>: the diagnostic stream on stderr replaces the ✓/✗ lines, with the reference's
/// per-entry start, per-tag done, and per-entry finish/summary messages.</summary>
public sealed class VerboseObserver(IMirrorLog log) : IJobObserver
{
    private readonly Dictionary<int, EntryProgress> _entries = [];

    public void OnRecovered(JobRecovered recovered)
    {
        foreach (var plan in recovered.Plans.Where(p => !p.Failed))
        {
            var progress = new EntryProgress(plan.Copies.Count, DateTimeOffset.UtcNow);
            foreach (var row in recovered.Rows.Where(r => r.Copy.EntryIndex == plan.Entry.Index))
            {
                progress.Count(row.Row.Status);
            }

            _entries[plan.Entry.Index] = progress;
        }
    }

    public void OnPlanned(EntryPlanned planned)
    {
        var entry = planned.Plan.Entry;
        if (planned.Plan.PlanError is { } error)
        {
            log.Write("plan failed", ("entry", entry.Label), ("err", error));
            return;
        }

        // "jobs" is the reference's log key for the tag copies of an entry.
        log.Write("entry started", ("source", entry.Label), ("jobs", planned.Plan.Copies.Count));
        _entries[entry.Index] = new EntryProgress(planned.Plan.Copies.Count, DateTimeOffset.UtcNow);
        if (planned.Plan.Copies.Count == 0)
        {
            Finish(entry.Label, _entries[entry.Index]);
        }
    }

    public void OnRow(TagRowFinished row)
    {
        if (row.Row.Status == TagStatus.Failed)
        {
            log.Write("tag failed", ("src", row.Copy.SourceRef), ("err", row.Row.Error));
        }

        log.Write("tag done", ("src", row.Copy.SourceRef), ("status", row.Row.Status.ToWire()), ("elapsed", row.Elapsed), ("worker", row.Worker));
        if (_entries.TryGetValue(row.Entry.Index, out var progress))
        {
            progress.Count(row.Row.Status);
            if (progress.Done == progress.Copies)
            {
                Finish(row.Entry.Label, progress);
            }
        }
    }

    public void OnProgress(JobProgress progress)
    {
    }

    private void Finish(string label, EntryProgress p)
    {
        log.Write("entry finished", ("source", label), ("wall", DateTimeOffset.UtcNow - p.Started), ("jobs", p.Copies), ("failures", p.Of(TagStatus.Failed)));
        var fields = new List<(string, object?)>
        {
            ("source", label), ("copied", p.Of(TagStatus.Copied)), ("overwritten", p.Of(TagStatus.Overwritten)),
            ("skipped", p.Of(TagStatus.Skipped)), ("drifted", p.Of(TagStatus.Drifted)),
        };
        if (p.Of(TagStatus.WouldCopy) > 0)
        {
            fields.Add(("would-copy", p.Of(TagStatus.WouldCopy)));
        }

        if (p.Of(TagStatus.WouldOverwrite) > 0)
        {
            fields.Add(("would-overwrite", p.Of(TagStatus.WouldOverwrite)));
        }

        fields.Add(("failed", p.Of(TagStatus.Failed)));
        log.Write("entry summary", [.. fields]);
    }

    private sealed class EntryProgress(int copies, DateTimeOffset started)
    {
        private readonly Dictionary<TagStatus, int> _counts = [];

        public int Copies { get; } = copies;

        public DateTimeOffset Started { get; } = started;

        public int Done => _counts.Values.Sum();

        public void Count(TagStatus status) => _counts[status] = Of(status) + 1;

        public int Of(TagStatus status) => _counts.GetValueOrDefault(status);
    }
}
