using FluxMirror.Coordinator.Api;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Api;

/// <summary>A coordinator without an API token serves this machine only.</summary>
public sealed class ApiListenGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.3.2.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_may_run_without_a_token(string host)
    {
        ApiListenGuard.EnsureAllowed(host, hasToken: false);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("[::]")]
    [InlineData("*")]
    [InlineData("+")]
    [InlineData("10.1.2.3")]
    [InlineData("128.0.0.1")]
    [InlineData("coordinator")]
    [InlineData("localhost.example.com")]
    public void Any_other_address_refuses_to_start_without_a_token(string host)
    {
        var refusal = Assert.Throws<CliException>(() => ApiListenGuard.EnsureAllowed(host, hasToken: false));

        Assert.Equal(
            $"the coordinator would serve its job API on {host}, beyond this machine, without an API token: set FLUX_MIRROR_API_TOKEN_FILE or FLUX_MIRROR_API_TOKEN, or --http-host 127.0.0.1",
            refusal.Message);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    public void With_a_token_any_address_may_serve(string host)
    {
        ApiListenGuard.EnsureAllowed(host, hasToken: true);
    }
}
