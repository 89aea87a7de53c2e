using Akka.Actor;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>Follows a job for the CLI: hands live events to the observer and completes with the report.
/// Passed to the aggregator at creation (or sent as <see cref="FollowJob"/>'s sender) so no event is missed.</summary>
public sealed class JobFollowerActor : ReceiveActor
{
    public JobFollowerActor(IJobObserver observer, TaskCompletionSource<SyncReport> done)
    {
        Receive<JobRecovered>(observer.OnRecovered);
        Receive<EntryPlanned>(observer.OnPlanned);
        Receive<TagRowFinished>(observer.OnRow);
        Receive<JobProgress>(observer.OnProgress);
        Receive<JobFinished>(finished =>
        {
            done.TrySetResult(finished.Report);
            Context.Stop(Self);
        });
    }
}
