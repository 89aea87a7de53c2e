using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>Node settings come from flags first, then every FLUX_MIRROR_* variable (not only the ones with a flag).</summary>
public sealed class NodeArgumentsTests
{
    [Fact]
    public void Variables_without_a_flag_still_reach_the_node_settings()
    {
        var env = new Dictionary<string, string>
        {
            ["FLUX_MIRROR_MAX_REQUESTS_PER_HOST"] = "7",
            ["FLUX_MIRROR_DOWN_REMOVAL_MARGIN"] = "4s",
            ["FLUX_MIRROR_DOWN_UNREACHABLE_AFTER"] = "1m",
            ["FLUX_MIRROR_PORT"] = "2552",
        };

        var node = NodeArguments.Parse(["--port", "2600"], name => env.GetValueOrDefault(name));

        Assert.Equal(2600, node.Settings.Port);
        Assert.Equal(7, node.Settings.HostLimits!.MaxConcurrent);
        Assert.Equal(new DowningTimes(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(4)), node.Settings.DowningOrDefault);
    }

    [Fact]
    public void Downing_times_default_to_akkas_stable_after_and_a_shorter_removal_margin()
    {
        var node = NodeArguments.Parse([], _ => null);

        Assert.Equal(DowningTimes.Default, node.Settings.DowningOrDefault);
        Assert.Contains("akka.cluster.down-removal-margin = 10000ms", DowningTimes.Default.ToHocon(), StringComparison.Ordinal);
        Assert.Contains("akka.cluster.split-brain-resolver.stable-after = 20000ms", DowningTimes.Default.ToHocon(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FLUX_MIRROR_DOWN_REMOVAL_MARGIN", "soon")]
    [InlineData("FLUX_MIRROR_DOWN_UNREACHABLE_AFTER", "-5s")]
    public void A_bad_downing_time_names_the_variable_and_the_value(string variable, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeArguments.Parse([], name => name == variable ? value : null));

        Assert.Equal($"{variable} must be a positive duration such as 20s or 1m, got \"{value}\"", ex.Message);
    }
}
