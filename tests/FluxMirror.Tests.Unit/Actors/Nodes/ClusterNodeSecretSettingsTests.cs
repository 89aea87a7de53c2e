using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>A node reads what submitted configs may use and how long finished jobs stay from its environment, at start.</summary>
public sealed class ClusterNodeSecretSettingsTests
{
    [Fact]
    public void Unset_means_no_allow_list_and_seven_days()
    {
        var settings = ClusterNodeSettings.FromEnvironment(_ => null);

        Assert.Null(settings.SubmittedConfigs!.Allowed);
        Assert.Equal(TimeSpan.FromHours(168), settings.JobRetention);
    }

    [Fact]
    public void Both_are_read_from_the_environment()
    {
        var env = new Dictionary<string, string> { ["FLUX_MIRROR_SUBMITTED_ENV"] = "QUAY_TOKEN,MIRROR_*", ["FLUX_MIRROR_JOB_RETENTION"] = "24h" };

        var settings = ClusterNodeSettings.FromEnvironment(env.GetValueOrDefault);

        Assert.Equal(["QUAY_TOKEN", "MIRROR_*"], settings.SubmittedConfigs!.Allowed!);
        Assert.Equal(TimeSpan.FromDays(1), settings.JobRetention);
    }

    [Theory]
    [InlineData("FLUX_MIRROR_SUBMITTED_ENV", "QUAY TOKEN", "FLUX_MIRROR_SUBMITTED_ENV must be a comma-separated list of variable names or prefixes ending in *, got \"QUAY TOKEN\"")]
    [InlineData("FLUX_MIRROR_JOB_RETENTION", "a week", "FLUX_MIRROR_JOB_RETENTION must be a duration greater than 0 such as 168h, got \"a week\"")]
    public void A_bad_value_stops_the_node_at_start_with_one_line(string name, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ClusterNodeSettings.FromEnvironment(n => n == name ? value : null));

        Assert.Equal(expected, e.Message);
    }
}
