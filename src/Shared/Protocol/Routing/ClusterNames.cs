namespace FluxMirror.Protocol.Routing;

/// <summary>Names every node must agree on: the ActorSystem, the roles, the regions and the shard count.</summary>
public static class ClusterNames
{
    public const string ActorSystem = "flux-mirror";
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    public const string TagCopyRegion = "tag-copy";
    public const string HostLimiterRegion = "host-limiter";
    public const string BlobLedgerRegion = "blob-ledger";
    public const string JobManagerSingleton = "job-manager";

    /// <summary>Shards per region; changing it on a running cluster re-homes every entity, so keep it fixed.</summary>
    public const int ShardCount = 50;
}

/// <summary>Registry key of the job manager singleton (its proxy on every node).</summary>
public sealed class JobManager
{
}

/// <summary>Registry key of the host-limiter region (a local router or a shard region).</summary>
public sealed class HostLimiterRegion
{
}

/// <summary>Registry key of the blob-ledger region (a local router, a shard region on coordinators, or its proxy).</summary>
public sealed class BlobLedgerRegion
{
}

/// <summary>Registry key of this node's blob-ledger client (the tag copies' way to the job's ledger).</summary>
public sealed class BlobLedgerClient
{
}

/// <summary>Registry key of the tag-copy region (a local router or a shard region).</summary>
public sealed class TagCopyRegion
{
}
