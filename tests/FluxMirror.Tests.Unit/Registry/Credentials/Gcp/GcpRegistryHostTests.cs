using FluxMirror.Registry.Credentials.Gcp;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Gcp;

public sealed class GcpRegistryHostTests
{
    [Theory]
    [InlineData("gcr.io")]
    [InlineData("eu.gcr.io")]
    [InlineData("us.gcr.io")]
    [InlineData("europe-west1-docker.pkg.dev")]
    [InlineData("us-docker.pkg.dev")]
    public void Container_and_artifact_registry_hosts_match(string host)
    {
        Assert.True(GcpRegistryHost.Matches(host));
        Assert.Null(GcpRegistryHost.Problem(host));
    }

    [Theory]
    [InlineData("ghcr.io")]
    [InlineData("docker.io")]
    [InlineData("gcr.io.evil.example")]
    [InlineData("docker.pkg.dev")]
    [InlineData("europe-west1-docker.pkg.dev.evil.example")]
    [InlineData("europe-west1-docker.pkg.dev:443")]
    [InlineData("GCR.IO")]
    [InlineData("gcr.io\n")]
    public void Other_hosts_do_not(string host) => Assert.False(GcpRegistryHost.Matches(host));

    [Fact]
    public void The_refusal_reads_as_fluxcd_pkg_words_it()
    {
        Assert.Equal(
            @"invalid GCP registry: 'registry.example.com'. must match ^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev))$",
            GcpRegistryHost.Problem("registry.example.com"));
    }
}
