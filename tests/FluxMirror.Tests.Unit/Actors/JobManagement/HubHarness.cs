using System.Threading.Channels;
using Akka.Actor;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

/// <summary>
/// A job's event hub and report aggregator wired as the job manager wires them, in a local actor system. The test
/// plays the job coordinator: it tells the aggregator plans, rows and the completion.
/// </summary>
internal sealed class HubHarness : IAsyncDisposable
{
    public const string JobId = "job-1";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HubHarness(ActorSystem system, int entries)
    {
        System = system;
        Hub = system.ActorOf(Props.Create(() => new JobEventHub(JobId)), "events-" + JobId);
        Aggregator = system.ActorOf(Props.Create(() => new ReportAggregatorActor(JobId, entries, "flux-mirror", Hub)), "report-" + JobId);
        Hub.Tell(new JobEventHub.Attach(Aggregator));
    }

    public ActorSystem System { get; }

    public IActorRef Hub { get; }

    public IActorRef Aggregator { get; }

    public static HubHarness Start(int entries) =>
        new(ActorSystem.Create("hub-" + Guid.NewGuid().ToString("N")[..8], "akka.loglevel = ERROR\nakka.stdout-loglevel = OFF\nakka.log-dead-letters = off"), entries);

    public static EntryPlan Plan(int entry, int tags) => new(
        new EntryRef(entry, EntryKind.Artifact, $"src.example/repo-{entry}", $"dst.example/repo-{entry}"),
        Enumerable.Range(0, tags).Select(t => new TagCopySpec(entry, t, EntryKind.Artifact, $"1.{t}.0", $"src.example/repo-{entry}", $"dst.example/repo-{entry}", $"1.{t}.0", null, false, false)).ToList(),
        null);

    public static TagRowFinished Row(EntryPlan plan, int tag) =>
        new(JobId, plan.Entry, plan.Copies[tag], new TagResult(plan.Copies[tag].Tag, TagStatus.Copied, "sha256:" + new string('a', 64)), "worker-1", 10, TimeSpan.FromSeconds(1));

    public void Planned(EntryPlan plan) => Aggregator.Tell(new EntryPlanned(JobId, plan));

    public void Finished(EntryPlan plan, int fromTag = 0, int? toTag = null)
    {
        for (var tag = fromTag; tag < (toTag ?? plan.Copies.Count); tag++)
        {
            Aggregator.Tell(Row(plan, tag));
        }
    }

    public void Completed() => Aggregator.Tell(new JobCompleted(JobId, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(3)));

    /// <summary>A follower that records what it receives and acknowledges each event unless told not to.</summary>
    public Follower Follow(bool acknowledges = true)
    {
        var received = Channel.CreateUnbounded<object>();
        var actor = System.ActorOf(Props.Create(() => new RecordingFollower(received.Writer, acknowledges)));
        Hub.Tell(new FollowJob(JobId), actor);
        return new Follower(actor, received.Reader);
    }

    public Task<int> BacklogAsync(CancellationToken ct) => Hub.Ask<int>(JobEventHub.GetBacklog.Instance, Patience, ct);

    public async ValueTask DisposeAsync() => await System.Terminate();

    public sealed record Follower(IActorRef Actor, ChannelReader<object> Received)
    {
        /// <summary>Everything received up to and including the message that ends a stream (report, drop).</summary>
        public async Task<List<object>> UntilEndAsync(CancellationToken ct)
        {
            var messages = new List<object>();
            while (true)
            {
                var message = await Received.ReadAsync(ct).AsTask().WaitAsync(Patience, ct);
                messages.Add(message);
                if (message is JobFinished or FollowDropped)
                {
                    return messages;
                }
            }
        }
    }

    private sealed class RecordingFollower : ReceiveActor
    {
        public RecordingFollower(ChannelWriter<object> received, bool acknowledges) => ReceiveAny(message =>
        {
            received.TryWrite(message);
            if (acknowledges && message is IWithJobId)
            {
                Sender.Tell(new FollowAck(JobId, 1));
            }
        });
    }
}
