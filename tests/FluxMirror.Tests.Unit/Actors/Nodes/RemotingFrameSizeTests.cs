using FluxMirror.Actors.Nodes;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

/// <summary>A node takes its remoting frame size (which bounds a submitted config) from FLUX_MIRROR_MAX_FRAME_SIZE.</summary>
public sealed class RemotingFrameSizeTests
{
    [Fact]
    public void Unset_keeps_akkas_default()
    {
        Assert.Null(ClusterNodeSettings.FromEnvironment(_ => null).MaxFrameSize);
    }

    [Fact]
    public void A_number_of_bytes_is_the_frame_size()
    {
        var settings = ClusterNodeSettings.FromEnvironment(n => n == "FLUX_MIRROR_MAX_FRAME_SIZE" ? "4194304" : null);

        Assert.Equal(4_194_304, settings.MaxFrameSize);
    }

    [Theory]
    [InlineData("4MiB")]
    [InlineData("-1")]
    [InlineData("31999")]
    [InlineData("67108865")]
    public void Anything_else_stops_the_node_at_start_with_one_line(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => ClusterNodeSettings.FromEnvironment(n => n == "FLUX_MIRROR_MAX_FRAME_SIZE" ? value : null));

        Assert.Equal($"FLUX_MIRROR_MAX_FRAME_SIZE must be a number of bytes between 32000 and 67108864, got \"{value}\"", e.Message);
    }
}
