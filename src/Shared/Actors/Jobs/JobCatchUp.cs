using Akka.Actor;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Asks the report aggregator what a follower that arrives now must be sent first. Sent by the job's event hub (a
/// sibling on the same node, so this never crosses the wire); the answer goes back to the sender, after every event
/// the aggregator published before it, so the catch-up covers exactly what the hub has relayed so far.
/// </summary>
public sealed record CatchUpRequest(IActorRef Follower);

/// <summary>The aggregator's answer to <see cref="CatchUpRequest"/>.</summary>
public sealed record CatchUp(IActorRef Follower, IReadOnlyList<IWithJobId> Events);

/// <summary>
/// The events a late follower is sent instead of the job's whole event history, derived from the job's state: the
/// recovery notice the job started with (rows of an earlier run are not live lines), every other plan and row once,
/// in plan order, then the current progress and, once there is one, the report.
/// </summary>
public static class JobCatchUp
{
    public static IReadOnlyList<IWithJobId> Events(string jobId, JobState state, JobRecovered? recovered, bool published, JobFinished? finished)
    {
        var events = new List<IWithJobId>();
        var recoveredPlans = new HashSet<int>();
        var recoveredRows = new HashSet<(int, int)>();
        if (recovered is not null)
        {
            events.Add(recovered);
            recoveredPlans.UnionWith(recovered.Plans.Select(p => p.Entry.Index));
            recoveredRows.UnionWith(recovered.Rows.Select(r => (r.Copy.EntryIndex, r.Copy.TagIndex)));
        }

        events.AddRange(state.OrderedPlans().Where(p => !recoveredPlans.Contains(p.Entry.Index)).Select(p => new EntryPlanned(jobId, p)));
        events.AddRange(state.OrderedRows().Where(r => !recoveredRows.Contains((r.Copy.EntryIndex, r.Copy.TagIndex))));
        if (published)
        {
            events.Add(state.Progress(jobId));
        }

        if (finished is not null)
        {
            events.Add(finished);
        }

        return events;
    }
}
