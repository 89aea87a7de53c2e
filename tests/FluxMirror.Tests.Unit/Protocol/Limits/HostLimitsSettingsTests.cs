using FluxMirror.Actors.Nodes;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands;
using FluxMirror.Protocol.Limits;

namespace FluxMirror.Tests.Unit.Protocol.Limits;

/// <summary>Where the limits come from: the workers' environment and the embedded node's sync flags.</summary>
public sealed class HostLimitsSettingsTests
{
    private static HostLimits FromEnv(params (string Name, string Value)[] vars)
    {
        var env = vars.ToDictionary(v => v.Name, v => v.Value);
        return HostLimitsEnvironment.Read(name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void Without_settings_hosts_get_32_requests_in_flight_and_no_rate_limit()
    {
        var limits = FromEnv();

        Assert.Equal(new HostLimit(32, 0), limits.For("ghcr.io"));
        Assert.False(limits.For("ghcr.io").IsRateLimited);
        Assert.Null(ClusterNodeSettings.FromEnvironment(_ => null).HostLimits?.Overrides);
    }

    [Fact]
    public void Overrides_apply_per_host_and_the_rest_keep_the_defaults()
    {
        var limits = FromEnv(
            (HostLimitsEnvironment.MaxRequestsPerHostVariable, "8"),
            (HostLimitsEnvironment.RequestsPerSecondPerHostVariable, "20"),
            (HostLimitsEnvironment.HostLimitsVariable, " registry-1.docker.io=4/1.5 , ghcr.io=16,localhost:5000=2/0"));

        Assert.Equal(new HostLimit(4, 1.5), limits.For("registry-1.docker.io"));
        Assert.Equal(new HostLimit(4, 1.5), limits.For("Registry-1.Docker.io"));
        Assert.Equal(new HostLimit(16, 20), limits.For("ghcr.io"));
        Assert.Equal(new HostLimit(2, 0), limits.For("localhost:5000"));
        Assert.Equal(new HostLimit(8, 20), limits.For("quay.io"));
    }

    [Fact]
    public void Cluster_nodes_read_the_limits_from_their_environment()
    {
        var env = new Dictionary<string, string>
        {
            [HostLimitsEnvironment.RequestsPerSecondPerHostVariable] = "2.5",
            [HostLimitsEnvironment.HostLimitsVariable] = "ghcr.io=3",
        };

        var settings = ClusterNodeSettings.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal(new HostLimit(3, 2.5), settings.HostLimits!.For("ghcr.io"));
        Assert.Equal(new HostLimit(32, 2.5), settings.HostLimits.For("quay.io"));
    }

    [Theory]
    [InlineData("FLUX_MIRROR_MAX_REQUESTS_PER_HOST", "0", "FLUX_MIRROR_MAX_REQUESTS_PER_HOST must be a whole number of at least 1, got \"0\"")]
    [InlineData("FLUX_MIRROR_MAX_REQUESTS_PER_HOST", "lots", "FLUX_MIRROR_MAX_REQUESTS_PER_HOST must be a whole number of at least 1, got \"lots\"")]
    [InlineData("FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST", "-1", "FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST must be a number of requests per second between 0 (no limit) and 1000000, got \"-1\"")]
    [InlineData("FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST", "1,5", "FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST must be a number of requests per second between 0 (no limit) and 1000000, got \"1,5\"")]
    [InlineData("FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST", "NaN", "FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST must be a number of requests per second between 0 (no limit) and 1000000, got \"NaN\"")]
    [InlineData("FLUX_MIRROR_HOST_LIMITS", "ghcr.io", "FLUX_MIRROR_HOST_LIMITS: \"ghcr.io\" is not host=concurrent[/requests-per-second] (concurrent at least 1, requests-per-second 0 to 1000000)")]
    [InlineData("FLUX_MIRROR_HOST_LIMITS", "ghcr.io=0", "FLUX_MIRROR_HOST_LIMITS: \"ghcr.io=0\" is not host=concurrent[/requests-per-second] (concurrent at least 1, requests-per-second 0 to 1000000)")]
    [InlineData("FLUX_MIRROR_HOST_LIMITS", "ghcr.io=4/fast", "FLUX_MIRROR_HOST_LIMITS: \"ghcr.io=4/fast\" is not host=concurrent[/requests-per-second] (concurrent at least 1, requests-per-second 0 to 1000000)")]
    [InlineData("FLUX_MIRROR_HOST_LIMITS", "=4", "FLUX_MIRROR_HOST_LIMITS: \"=4\" is not host=concurrent[/requests-per-second] (concurrent at least 1, requests-per-second 0 to 1000000)")]
    [InlineData("FLUX_MIRROR_HOST_LIMITS", "ghcr.io=4,GHCR.io=2", "FLUX_MIRROR_HOST_LIMITS names host \"GHCR.io\" twice")]
    public void Bad_environment_values_give_one_line_naming_the_variable(string variable, string value, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => FromEnv((variable, value)));
        Assert.Equal(message, ex.Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => ClusterNodeSettings.FromEnvironment(n => n == variable ? value : null)).Message);
    }

    [Fact]
    public void Sync_flags_set_the_default_limits_of_the_embedded_node()
    {
        var settings = SyncSettings.From(FlagParser.Parse(SyncFlags.All, ["--max-requests-per-host", "6", "--requests-per-second-per-host", "1.5"]));

        Assert.Equal(6, settings.HostLimits!.MaxConcurrent);
        Assert.Equal(new HostLimit(6, 1.5), settings.HostLimits!.For("ghcr.io"));
    }

    [Fact]
    public void Without_the_rate_flag_there_is_no_rate_limit()
    {
        var settings = SyncSettings.From(FlagParser.Parse(SyncFlags.All, []));

        Assert.Equal(0, settings.HostLimits!.RequestsPerSecond);
    }

    [Theory]
    [InlineData("fast", "invalid argument \"fast\" for \"--requests-per-second-per-host\" flag: strconv.ParseFloat: parsing \"fast\": invalid syntax")]
    [InlineData("", "invalid argument \"\" for \"--requests-per-second-per-host\" flag: strconv.ParseFloat: parsing \"\": invalid syntax")]
    [InlineData("-0.5", "--requests-per-second-per-host must be greater than or equal to 0")]
    [InlineData("1e9", "--requests-per-second-per-host must be at most 1000000")]
    public void A_bad_rate_flag_gives_one_clear_message(string value, string message)
    {
        var ex = Assert.Throws<CliException>(() => SyncSettings.From(FlagParser.Parse(SyncFlags.All, ["--requests-per-second-per-host", value])));

        Assert.Equal(message, ex.Message);
        Assert.Equal(1, ex.ExitCode);
    }

    [Fact]
    public void The_rate_flag_says_it_limits_the_whole_job()
    {
        Assert.Contains("whole job", SyncFlags.RequestsPerSecondPerHost.Usage, StringComparison.Ordinal);
        Assert.Contains(SyncFlags.RequestsPerSecondPerHost, SyncFlags.All);
    }
}
