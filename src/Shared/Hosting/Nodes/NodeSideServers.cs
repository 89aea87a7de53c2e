using FluxMirror.Actors.Nodes;
using FluxMirror.Hosting.Http;
using FluxMirror.Hosting.Management;
using FluxMirror.Hosting.Operator;

namespace FluxMirror.Hosting.Nodes;

/// <summary>The side servers every node runs once its actor system is up: the loopback operator port and the management port.</summary>
public sealed class NodeSideServers : IAsyncDisposable
{
    private readonly IReadOnlyList<SideServer> servers;

    private NodeSideServers(IReadOnlyList<SideServer> servers) => this.servers = servers;

    public SideServer? Operator { get; private init; }

    public SideServer? Management { get; private init; }

    public static async Task<NodeSideServers> StartAsync(IServiceProvider node, NodePorts ports, Action<string> warn, CancellationToken ct)
    {
        var operatorServer = ports.Operator is { } op
            ? await SideServer.TryStartAsync("operator", "127.0.0.1", op, node, app => app.MapOperatorApi(), warn, ct)
            : null;
        var management = ports.Management is { } mp
            ? await SideServer.TryStartAsync("management", ports.ManagementHost, mp, node, app => app.MapManagementApi(), warn, ct)
            : null;
        return new NodeSideServers([.. new[] { operatorServer, management }.OfType<SideServer>()]) { Operator = operatorServer, Management = management };
    }

    /// <summary>" (operator URL, management URL)" for a node's start line, or nothing when neither port is served.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Operator is { } op)
        {
            parts.Add("operator " + op.Url);
        }
        if (Management is { } management)
        {
            parts.Add("management " + management.Url);
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}
