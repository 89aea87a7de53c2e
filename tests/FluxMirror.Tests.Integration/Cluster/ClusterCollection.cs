using FluxMirror.TestSupport.Cluster;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>Cluster tests start several nodes each; on two cores they must not overlap.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
