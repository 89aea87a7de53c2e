using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>Which ECR hosts the <c>ecr</c> provider serves: the reference's pattern across every partition.</summary>
public sealed class EcrRegistryTests
{
    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com", "us-east-1", false)]
    [InlineData("123456789012.dkr.ecr.eu-central-1.amazonaws.com", "eu-central-1", false)]
    [InlineData("123456789012.dkr.ecr-fips.us-east-2.amazonaws.com", "us-east-2", true)]
    [InlineData("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com", "us-gov-west-1", false)]
    [InlineData("123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com", "us-gov-east-1", true)]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1", false)]
    [InlineData("123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1", false)]
    [InlineData("123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", false)]
    [InlineData("123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", false)]
    [InlineData("123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1", false)]
    [InlineData("123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1", false)]
    // The pattern is unanchored, as in the reference: a port after the host still matches.
    [InlineData("123456789012.dkr.ecr.ap-south-1.amazonaws.com:443", "ap-south-1", false)]
    public void Private_registry_hosts_give_their_region(string host, string region, bool fips)
    {
        var registry = EcrRegistry.Parse(host);

        Assert.Equal(new EcrRegistry(host, region, Public: false, Fips: fips), registry);
    }

    [Fact]
    public void Public_ecr_uses_the_public_api_in_us_east_1()
    {
        Assert.Equal(new EcrRegistry("public.ecr.aws", "us-east-1", Public: true, Fips: false), EcrRegistry.Parse("public.ecr.aws"));
    }

    [Theory]
    [InlineData("ghcr.io")]
    [InlineData("registry.example:5000")]
    [InlineData("123456789012.dkr.ecr.us-east-1.example.com")]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.eu")]
    [InlineData("dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("myregistry.azurecr.io")]
    [InlineData("ecr.aws")]
    [InlineData("public.ecr.aws:443")]
    public void Other_hosts_are_refused_with_the_references_message(string host)
    {
        var error = Assert.Throws<CredentialException>(() => EcrRegistry.Parse(host));

        Assert.Equal(
            $"invalid AWS registry: '{host}'. must match " +
            @"([0-9+]*).dkr.ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)",
            error.Message);
    }
}
