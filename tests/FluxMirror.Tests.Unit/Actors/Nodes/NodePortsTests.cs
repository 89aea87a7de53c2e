using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

public sealed class NodePortsTests
{
    [Fact]
    public void Both_side_ports_are_on_by_default_and_the_management_port_binds_where_remoting_does()
    {
        var ports = NodePorts.FromEnvironment(_ => null, "10.0.0.7");

        Assert.Equal(new NodePorts(9110, "10.0.0.7", 9464), ports);
    }

    [Fact]
    public void Off_turns_a_port_off_and_a_number_moves_it()
    {
        var env = new Dictionary<string, string?>
        {
            [NodePorts.OperatorVariable] = "off",
            [NodePorts.ManagementVariable] = "0",
            [NodePorts.ManagementHostVariable] = "127.0.0.1",
        };

        Assert.Equal(new NodePorts(null, "127.0.0.1", 0), NodePorts.FromEnvironment(n => env.GetValueOrDefault(n), "0.0.0.0"));
    }

    [Theory]
    [InlineData("nine")]
    [InlineData("-1")]
    [InlineData("70000")]
    public void A_bad_port_is_one_clear_message(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => NodePorts.FromEnvironment(n => n == NodePorts.OperatorVariable ? value : null, "127.0.0.1"));

        Assert.Equal($"FLUX_MIRROR_OPERATOR_PORT must be a port number between 0 and 65535 or \"off\", got \"{value}\"", ex.Message);
    }

    [Fact]
    public void Nodes_built_by_hand_serve_no_side_ports() =>
        Assert.Equal(NodePorts.None, new ClusterNodeSettings("127.0.0.1", 0, [], "").PortsOrNone);
}
