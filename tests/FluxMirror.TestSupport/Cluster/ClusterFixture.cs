using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>One coordinator + two workers, PostgreSQL and two registries, shared by the Cluster collection (forming a cluster costs seconds).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal InProcessCluster Cluster { get; private set; } = null!;

    public RegistryProcess Source { get; private set; } = null!;

    public RegistryProcess Destination { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Source = await RegistryProcess.StartAsync();
        Destination = await RegistryProcess.StartAsync();
        Cluster = await InProcessCluster.StartAsync(workers: 2, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await Source.DisposeAsync();
        await Destination.DisposeAsync();
    }
}
