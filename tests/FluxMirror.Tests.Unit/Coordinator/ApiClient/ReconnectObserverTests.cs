using FluxMirror.Actors.Jobs;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Coordinator.ApiClient;

/// <summary>Following a job again after a broken stream shows every row once, including rows finished in the gap.</summary>
public sealed class ReconnectObserverTests
{
    private static readonly EntryPlan Plan = new(
        new EntryRef(0, EntryKind.Artifact, "src/app", "dst/app"),
        [.. Enumerable.Range(0, 4).Select(t => new TagCopySpec(0, t, EntryKind.Artifact, $"1.{t}.0", "src/app", "dst/app", $"1.{t}.0", null, false, false))],
        null);

    private readonly Recorder _shown = new();

    [Fact]
    public void A_second_stream_replays_nothing_already_shown_and_shows_rows_finished_in_between()
    {
        var observer = new ReconnectObserver(_shown);
        observer.StreamOpened();
        observer.OnPlanned(new EntryPlanned("j", Plan));
        observer.OnRow(Row(0));
        observer.OnRow(Row(1));

        // The new job manager's stream: its recovery holds rows 0-2 (row 2 finished while no stream was open).
        observer.StreamOpened();
        observer.OnRecovered(new JobRecovered("j", [Plan], [Row(0), Row(1), Row(2)]));
        observer.OnPlanned(new EntryPlanned("j", Plan));
        observer.OnRow(Row(3));

        Assert.Equal(["plan 0", "row 1.0.0", "row 1.1.0", "recovered 3", "row 1.2.0", "row 1.3.0"], _shown.Lines);
    }

    [Fact]
    public void The_first_stream_of_a_resumed_job_keeps_earlier_rows_out_of_the_live_lines()
    {
        var observer = new ReconnectObserver(_shown);
        observer.StreamOpened();
        observer.OnRecovered(new JobRecovered("j", [Plan], [Row(0), Row(1)]));
        observer.OnRow(Row(1));
        observer.OnRow(Row(2));

        Assert.Equal(["recovered 2", "row 1.2.0"], _shown.Lines);
    }

    private static TagRowFinished Row(int tag) =>
        new("j", Plan.Entry, Plan.Copies[tag], new TagResult(Plan.Copies[tag].Tag, TagStatus.Copied), "w1", 0, TimeSpan.Zero);

    private sealed class Recorder : IJobObserver
    {
        public List<string> Lines { get; } = [];

        public void OnRecovered(JobRecovered recovered) => Lines.Add($"recovered {recovered.Rows.Count}");

        public void OnPlanned(EntryPlanned planned) => Lines.Add($"plan {planned.Plan.Entry.Index}");

        public void OnRow(TagRowFinished row) => Lines.Add($"row {row.Copy.Tag}");

        public void OnProgress(JobProgress progress)
        {
        }
    }
}
