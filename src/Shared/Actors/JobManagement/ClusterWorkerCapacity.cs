using Akka.Cluster;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Routing;

namespace FluxMirror.Actors.JobManagement;

/// <summary>Counts the worker-role members that are up, from this node's view of the membership (never below one).</summary>
public sealed class ClusterWorkerCapacity(Akka.Cluster.Cluster cluster) : IWorkerCapacity
{
    public int Workers => Math.Max(1, cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(ClusterNames.WorkerRole)));
}
