using Akka.Cluster.Sharding;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Protocol.Routing;

/// <summary>Routes tag-copy messages by their entity id (job.entry.tag); the same on regions and proxies.</summary>
public sealed class TagCopyMessageExtractor() : HashCodeMessageExtractor(ClusterNames.ShardCount)
{
    public override string EntityId(object message) => message is IWithTagEntityId m ? m.EntityId : null!;
}

/// <summary>Routes host-limiter messages by registry host: one limiter entity per host for the whole cluster.</summary>
public sealed class HostLimiterMessageExtractor() : HashCodeMessageExtractor(ClusterNames.ShardCount)
{
    public override string EntityId(object message) => message is IWithHost m ? m.Host : null!;
}

/// <summary>Routes blob-ledger messages by job id: one ledger entity per job for the whole cluster.</summary>
public sealed class BlobLedgerMessageExtractor() : HashCodeMessageExtractor(ClusterNames.ShardCount)
{
    public override string EntityId(object message) => message is IWithBlobLedger m ? m.JobId : null!;
}
