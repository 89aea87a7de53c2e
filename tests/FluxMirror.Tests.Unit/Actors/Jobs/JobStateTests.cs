using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

public class JobStateTests
{
    private static EntryPlan Plan(int entry, int tags) => new(
        new EntryRef(entry, EntryKind.Artifact, $"src/r{entry}", $"dst/r{entry}"),
        Enumerable.Range(0, tags).Select(t => new TagCopySpec(entry, t, EntryKind.Artifact, $"1.{t}.0", $"src/r{entry}", $"dst/r{entry}", $"1.{t}.0", null, false, false)).ToList(),
        null);

    private static TagRowFinished Row(EntryPlan plan, int tag, TagStatus status = TagStatus.Copied) =>
        new("j", plan.Entry, plan.Copies[tag], new TagResult(plan.Copies[tag].Tag, status, "sha256:" + new string('a', 64)), "w1", 100, TimeSpan.FromSeconds(1));

    [Fact]
    public void Progress_counts_fold_in_with_each_event_and_duplicates_are_ignored()
    {
        var a = Plan(0, 2);
        var b = Plan(1, 1);
        var state = JobState.Empty(3)
            .Apply(new EntryPlanned("j", a))
            .Apply(new EntryPlanned("j", b))
            .Apply(new EntryPlanned("j", b))
            .Apply(Row(a, 0))
            .Apply(Row(a, 0))
            .Apply(Row(b, 0));

        var progress = state.Progress("j");
        Assert.Equal(3, progress.TagsTotal);
        Assert.Equal(2, progress.TagsDone);
        Assert.Equal(1, progress.EntriesDone);
        Assert.Equal(3, progress.EntriesTotal);
        Assert.Equal(200, progress.BytesUploaded);
        Assert.Equal(2, state.NextEntryToPlan);
        Assert.Equal([a.Copies[1]], state.Unfinished());
    }

    [Fact]
    public void Results_keep_plan_order_and_a_rebuilt_state_matches()
    {
        var a = Plan(0, 3);
        var state = JobState.Empty(1).Apply(new EntryPlanned("j", a)).Apply(Row(a, 2)).Apply(Row(a, 0, TagStatus.Skipped)).Apply(Row(a, 1, TagStatus.Drifted));

        Assert.Equal(["1.0.0", "1.1.0", "1.2.0"], state.Results()[0].Tags.Select(t => t.Tag));
        var rebuilt = JobState.From(1, state.OrderedPlans(), state.OrderedRows());
        Assert.Equal(state.Results()[0].Tags.Select(t => t.Status), rebuilt.Results()[0].Tags.Select(t => t.Status));
        Assert.Equal(state.Progress("j"), rebuilt.Progress("j"));
    }
}
