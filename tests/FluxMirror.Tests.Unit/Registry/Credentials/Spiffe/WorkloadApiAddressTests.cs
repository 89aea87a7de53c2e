using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Spiffe;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Spiffe;

public sealed class WorkloadApiAddressTests
{
    [Theory]
    [InlineData("unix:///run/spire/agent.sock", "/run/spire/agent.sock")]
    [InlineData("unix:/run/spire/agent.sock", "/run/spire/agent.sock")]
    [InlineData("unix:agent.sock", "agent.sock")]
    public void Unix_addresses_name_the_socket(string address, string path) =>
        Assert.Equal(path, WorkloadApiAddress.Parse(address).SocketPath);

    [Theory]
    [InlineData(null, "workload endpoint socket address is not configured")]
    [InlineData("", "workload endpoint socket address is not configured")]
    [InlineData("http://localhost/agent.sock", "workload endpoint socket URI must have a \"tcp\" or \"unix\" scheme")]
    [InlineData("tcp://127.0.0.1:8081", "workload endpoint tcp socket is not supported; use a unix socket")]
    [InlineData("unix://", "workload endpoint unix socket path cannot be blank")]
    [InlineData("unix:", "workload endpoint unix socket path cannot be blank")]
    [InlineData("unix://user@/agent.sock", "workload endpoint unix socket URI must not include user info")]
    [InlineData("unix://host/agent.sock", "workload endpoint unix socket URI must not include a host")]
    [InlineData("unix:///agent.sock?x=1", "workload endpoint unix socket URI must not include query values")]
    [InlineData("unix:///agent.sock#frag", "workload endpoint unix socket URI must not include a fragment")]
    public void Unusable_addresses_are_refused_with_go_spiffe_reasons(string? address, string message) =>
        Assert.Equal(message, Assert.Throws<CredentialException>(() => WorkloadApiAddress.Parse(address)).Message);
}
