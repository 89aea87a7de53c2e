using System.Collections.Immutable;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// One follower's place in a job's event stream at the job's event hub: first the catch-up the aggregator derived
/// from the job's state when the follower arrived, then the live events relayed since, sent only while the follower
/// has credit (events it may receive before it acknowledges). Live events queue while it has none; the hub drops a
/// follower whose queue passes its cap, so a follower that stops reading costs a bounded amount of memory. Immutable.
/// </summary>
public sealed record FollowerCursor(IReadOnlyList<IWithJobId>? CatchUp, int CatchUpSent, ImmutableQueue<IWithJobId> Live, int Queued, int Credit)
{
    /// <summary>A follower whose catch-up the aggregator has not answered yet: live events until then are part of it.</summary>
    public static FollowerCursor Waiting(int credit) => new(null, 0, ImmutableQueue<IWithJobId>.Empty, 0, credit);

    public bool IsWaiting => CatchUp is null;

    public FollowerCursor Start(IReadOnlyList<IWithJobId> catchUp) => this with { CatchUp = catchUp, CatchUpSent = 0 };

    public FollowerCursor Enqueue(IWithJobId evt) => IsWaiting ? this : this with { Live = Live.Enqueue(evt), Queued = Queued + 1 };

    public FollowerCursor Acknowledged(int count) => this with { Credit = Credit + Math.Max(0, count) };

    /// <summary>Takes as many events as the credit allows, catch-up first.</summary>
    public (FollowerCursor Next, IReadOnlyList<IWithJobId> Send) Drain()
    {
        if (CatchUp is null || Credit == 0)
        {
            return (this, []);
        }

        var send = new List<IWithJobId>();
        var fromCatchUp = Math.Min(Credit, CatchUp.Count - CatchUpSent);
        for (var i = 0; i < fromCatchUp; i++)
        {
            send.Add(CatchUp[CatchUpSent + i]);
        }

        var live = Live;
        var fromLive = Math.Min(Credit - fromCatchUp, Queued);
        for (var i = 0; i < fromLive; i++)
        {
            live = live.Dequeue(out var evt);
            send.Add(evt);
        }

        var sent = CatchUpSent + fromCatchUp;
        // A caught-up follower no longer needs the catch-up list (it references the whole job).
        var next = sent == CatchUp.Count
            ? this with { CatchUp = [], CatchUpSent = 0, Live = live, Queued = Queued - fromLive, Credit = Credit - send.Count }
            : this with { CatchUpSent = sent, Live = live, Queued = Queued - fromLive, Credit = Credit - send.Count };
        return (next, send);
    }
}
