using System.Net.Sockets;
using Akka.Discovery.Config.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Akka.Management Cluster Bootstrap for nodes configured with <see cref="ClusterDiscovery"/>: no seed nodes, no
/// self-join; the contact points decide who founds the cluster. The contact point (<see cref="BootstrapContactPoint"/>)
/// is plain HTTP and serves only <c>/bootstrap/seed-nodes</c> (this node's and some members' remoting addresses);
/// joining still takes remoting, so with TLS a peer without a certificate from the cluster's CA learns addresses but
/// cannot join.
/// </summary>
public static class ClusterBootstrapComposition
{
    public static AkkaConfigurationBuilder AddClusterBootstrap(this AkkaConfigurationBuilder builder, ClusterNodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var discovery = settings.Discovery ?? throw new ArgumentException("a node with seed nodes has no bootstrap", nameof(settings));
        if (settings.Seeds.Count > 0)
        {
            // The bootstrap does nothing on a node that has seed nodes; the environment refuses this already.
            throw new ArgumentException("seed nodes and cluster bootstrap contradict each other", nameof(settings));
        }

        var method = discovery.Method switch
        {
            DiscoveryMethod.Kubernetes => builder.AddKubernetesPodDiscovery(discovery),
            _ => builder.AddEndpointDiscovery(discovery),
        };

        var bootstrap = new ClusterBootstrapOptions { NewClusterEnabled = true };
        bootstrap.ContactPointDiscovery.ServiceName = discovery.ServiceName;
        bootstrap.ContactPointDiscovery.PortName = ClusterDiscovery.PortName;
        bootstrap.ContactPointDiscovery.RequiredContactPointsNr = discovery.RequiredContactPoints;
        bootstrap.ContactPointDiscovery.DiscoveryMethod = method;
        // Every contact point answers on the port discovery reports (named port or endpoint list); several nodes
        // may share a host (bare machines, tests), so no contact point is dropped for not using this node's port.
        bootstrap.ContactPoint.FallbackPort = discovery.BootstrapPort;
        bootstrap.ContactPoint.FilterOnFallbackPort = false;

        var port = discovery.BootstrapPort;
        var advertised = new UriBuilder(Uri.UriSchemeHttp, discovery.AdvertisedHost(settings.Hostname, settings.PublicHostname), port).Uri;

        // Started here, not by Akka.Management (its HTTP server cannot run, see BootstrapContactPoint): serve the
        // contact point, tell the bootstrap where it is (Routes records the self contact point), then start it.
        return builder
            .WithClusterBootstrap(bootstrap, autoStart: false)
            .AddStartup(async (system, _) =>
            {
                try
                {
                    var contactPoint = BootstrapContactPoint.Start(system, settings.Hostname, port);
                    system.RegisterOnTermination(contactPoint.Dispose);
                }
                catch (SocketException ex)
                {
                    // As with the side ports, a taken port costs its server only: without its contact point this
                    // node still joins a cluster the others report, but no new cluster can count it.
                    system.Log.Error("the bootstrap port {0}:{1} is not served: {2}", settings.Hostname, port, ex.Message);
                }

                var clusterBootstrap = ClusterBootstrap.Get(system);
                clusterBootstrap.Routes(ManagementRouteProviderSettings.Create(advertised, readOnly: true));
                await clusterBootstrap.Start();
            });
    }

    private static string AddKubernetesPodDiscovery(this AkkaConfigurationBuilder builder, ClusterDiscovery discovery)
    {
        builder.AddHocon(KubernetesPodDiscovery.Hocon(discovery.LabelSelector ?? ClusterDiscovery.DefaultLabelSelector), HoconAddMode.Append);
        return KubernetesPodDiscovery.Method;
    }

    private static string AddEndpointDiscovery(this AkkaConfigurationBuilder builder, ClusterDiscovery discovery)
    {
        var options = new ConfigServiceDiscoveryOptions
        {
            IsDefaultPlugin = false,
            Services = [new Service { Name = discovery.ServiceName, Endpoints = [.. (discovery.Endpoints ?? []).Select(e => $"{e.Host}:{e.Port}")] }],
        };
        builder.WithConfigDiscovery(options);
        return options.ConfigPath;
    }
}
