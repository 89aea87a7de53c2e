using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.Nodes;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;

// Journals a job of N tags the way the coordinator does (plans, dispatches, rows, snapshots on its
// SnapshotCadence) into a fresh SQLite state directory, then times a cold recovery of that job in a new node.
var tags = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
const int entries = 100;
var dir = Directory.CreateTempSubdirectory("fm-recovery-").FullName;
var jobId = "bench-job";
var perEntry = tags / entries;
var plans = Enumerable.Range(0, entries).Select(e => new EntryPlan(
    new EntryRef(e, EntryKind.Artifact, $"src.example/repo-{e}", $"dst.example/repo-{e}"),
    Enumerable.Range(0, perEntry).Select(t => new TagCopySpec(e, t, EntryKind.Artifact, $"1.{t}.0", $"src.example/repo-{e}", $"dst.example/repo-{e}", $"1.{t}.0", null, false, false)).ToList(),
    null)).ToList();

var write = Stopwatch.StartNew();
await WithNode(dir, async system =>
{
    var done = new TaskCompletionSource();
    system.ActorOf(Props.Create(() => new JournalWriter(jobId, plans, done)));
    await done.Task;
});
Console.WriteLine($"journaled {tags} tags in {write.Elapsed.TotalSeconds:0.0}s");

var recover = Stopwatch.StartNew();
JobState? recovered = null;
await WithNode(dir, async system =>
{
    var done = new TaskCompletionSource<JobState>(TaskCreationOptions.RunContinuationsAsynchronously);
    var started = Stopwatch.StartNew();
    system.ActorOf(Props.Create(() => new JobJournalReader(jobId, entries, done)));
    recovered = await done.Task;
    Console.WriteLine($"recovered {recovered.TagsDone}/{recovered.TagsTotal} rows in {started.Elapsed.TotalMilliseconds:0}ms (actor recovery only)");
});
Console.WriteLine($"cold node start + recovery + stop: {recover.Elapsed.TotalMilliseconds:0}ms");
Directory.Delete(dir, recursive: true);

static async Task WithNode(string dir, Func<ActorSystem, Task> body)
{
    using var host = EmbeddedNode.Build(StateStore.Open(dir), new JobRuntimes());
    await host.StartAsync();
    try
    {
        await body(host.Services.GetRequiredService<ActorSystem>());
    }
    finally
    {
        await host.StopAsync();
    }
}

/// <summary>Writes the events a finished coordinator would have written, in batches, with its snapshot cadence;
/// done once the last event and every snapshot are saved.</summary>
internal sealed class JournalWriter : ReceivePersistentActor
{
    public JournalWriter(string jobId, IReadOnlyList<EntryPlan> plans, TaskCompletionSource done)
    {
        PersistenceId = "job-" + jobId;
        var state = JobState.Empty(plans.Count);
        var cadence = SnapshotCadence.Start;
        var unsaved = 0;
        var written = false;
        long snapshotBytes = 0;
        void DoneIfSaved()
        {
            if (written && unsaved == 0)
            {
                Console.WriteLine($"snapshots written: {snapshotBytes / 1024.0 / 1024.0:0.0} MiB");
                done.TrySetResult();
            }
        }

        Command<string>(_ =>
        {
            var events = new List<object>();
            foreach (var plan in plans)
            {
                events.Add(new EntryPlanned(jobId, plan));
                foreach (var copy in plan.Copies)
                {
                    events.Add(new TagDispatched(jobId, copy.EntryIndex, copy.TagIndex));
                    events.Add(new TagRowFinished(jobId, plan.Entry, copy, new TagResult(copy.Tag, TagStatus.Copied, "sha256:" + new string('a', 64)), "local", 4096, TimeSpan.FromMilliseconds(80)));
                }
            }

            PersistAll(events, e =>
            {
                state = state.Apply(e);
                cadence = cadence.Apply(e);
                if (cadence.Due)
                {
                    var snapshot = state.ToSnapshot(jobId);
                    snapshotBytes += Context.System.Serialization.FindSerializerFor(snapshot).ToBinary(snapshot).Length;
                    SaveSnapshot(snapshot);
                    cadence = cadence.Apply(snapshot);
                    unsaved++;
                }
            });
            DeferAsync("done", _ =>
            {
                written = true;
                DoneIfSaved();
            });
        });
        Command<SaveSnapshotSuccess>(_ =>
        {
            unsaved--;
            DoneIfSaved();
        });
        Command<SaveSnapshotFailure>(f => done.TrySetException(f.Cause));
    }

    public override string PersistenceId { get; }

    protected override void PreStart()
    {
        base.PreStart();
        Self.Tell("go");
    }
}
