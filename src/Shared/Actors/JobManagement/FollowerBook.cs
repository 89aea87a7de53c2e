using System.Collections.Immutable;
using Akka.Actor;

namespace FluxMirror.Actors.JobManagement;

/// <summary>How many followers (CLI event streams, HTTP clients) the job manager serves, per job and in all.</summary>
public sealed record FollowerLimits(int PerJob = 16, int Total = 128)
{
    public static FollowerLimits Default { get; } = new();
}

/// <summary>
/// The job manager's book of who follows which job. Each follower holds a window of events in flight and, at its
/// job's hub, a bounded backlog, so capping followers bounds what they can cost the coordinator; past a cap a follow is
/// refused with a busy <c>JobRejected</c> (HTTP 429) instead of being served. Immutable; the manager watches each follower and
/// removes it when it stops.
/// </summary>
public sealed record FollowerBook(FollowerLimits Limits, ImmutableDictionary<IActorRef, string> Followers)
{
    public static FollowerBook Empty(FollowerLimits limits) => new(limits, ImmutableDictionary<IActorRef, string>.Empty);

    /// <returns>Why <paramref name="follower"/> may not follow <paramref name="jobId"/> now, or null.</returns>
    public string? Refusal(IActorRef follower, string jobId)
    {
        if (Followers.ContainsKey(follower))
        {
            return null;
        }

        if (Followers.Count >= Limits.Total)
        {
            return $"the coordinator already serves {Limits.Total} followers; follow job {jobId} again once one of them has ended";
        }

        return Followers.Values.Count(j => j == jobId) >= Limits.PerJob
            ? $"job {jobId} already has {Limits.PerJob} followers; follow it again once one of them has ended"
            : null;
    }

    public FollowerBook Add(IActorRef follower, string jobId) => this with { Followers = Followers.SetItem(follower, jobId) };

    public FollowerBook Remove(IActorRef follower) => this with { Followers = Followers.Remove(follower) };
}
