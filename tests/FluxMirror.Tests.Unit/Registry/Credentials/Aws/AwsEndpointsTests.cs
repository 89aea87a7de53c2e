using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>Endpoints and regions resolved as the AWS SDKs do: overrides first, then the partition's domain.</summary>
public sealed class AwsEndpointsTests
{
    [Theory]
    [InlineData("us-east-1", false, "https://api.ecr.us-east-1.amazonaws.com/")]
    [InlineData("us-gov-west-1", false, "https://api.ecr.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-gov-west-1", true, "https://ecr-fips.us-gov-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", false, "https://api.ecr.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-iso-east-1", false, "https://api.ecr.us-iso-east-1.c2s.ic.gov/")]
    [InlineData("us-isob-east-1", false, "https://api.ecr.us-isob-east-1.sc2s.sgov.gov/")]
    [InlineData("eu-isoe-west-1", false, "https://api.ecr.eu-isoe-west-1.cloud.adc-e.uk/")]
    [InlineData("us-isof-south-1", false, "https://api.ecr.us-isof-south-1.csp.hci.ic.gov/")]
    public void Ecr_defaults_to_the_partitions_regional_endpoint(string region, bool fips, string expected)
    {
        Assert.Equal(expected, AwsEndpoints.Ecr(AwsTestEnvironment.Of(), region, fips).AbsoluteUri);
    }

    [Fact]
    public void Fips_can_be_asked_for_by_environment()
    {
        var environment = AwsTestEnvironment.Of(("AWS_USE_FIPS_ENDPOINT", "true"));

        Assert.Equal("https://ecr-fips.us-east-1.amazonaws.com/", AwsEndpoints.Ecr(environment, "us-east-1", fips: false).AbsoluteUri);
        Assert.Equal("https://sts-fips.us-east-1.amazonaws.com/", AwsEndpoints.Sts(environment, "us-east-1").AbsoluteUri);
    }

    [Fact]
    public void Service_specific_overrides_win_over_the_global_one()
    {
        var environment = AwsTestEnvironment.Of(
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1000"),
            ("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:2000"),
            ("AWS_ENDPOINT_URL_STS", "https://sts.internal.example"));

        Assert.Equal("http://127.0.0.1:2000/", AwsEndpoints.Ecr(environment, "us-east-1", fips: true).AbsoluteUri);
        Assert.Equal("https://sts.internal.example/", AwsEndpoints.Sts(environment, "us-east-1").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:1000/", AwsEndpoints.EcrPublic(environment).AbsoluteUri);
    }

    [Fact]
    public void Configured_endpoints_can_be_ignored()
    {
        var environment = AwsTestEnvironment.Of(("AWS_ENDPOINT_URL_ECR_PUBLIC", "http://127.0.0.1:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        Assert.Equal("https://api.ecr-public.us-east-1.amazonaws.com/", AwsEndpoints.EcrPublic(environment).AbsoluteUri);
    }

    [Fact]
    public void Sts_defaults_to_the_regional_endpoint()
    {
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", AwsEndpoints.Sts(AwsTestEnvironment.Of(), "eu-west-1").AbsoluteUri);
        Assert.Equal("https://sts.cn-north-1.amazonaws.com.cn/", AwsEndpoints.Sts(AwsTestEnvironment.Of(), "cn-north-1").AbsoluteUri);
    }

    [Fact]
    public void A_malformed_override_is_reported()
    {
        var error = Assert.Throws<CredentialException>(() => AwsEndpoints.Sts(AwsTestEnvironment.Of(("AWS_ENDPOINT_URL_STS", "sts.example")), "us-east-1"));

        Assert.Equal("invalid endpoint URL \"sts.example\" for AWS service STS", error.Message);
    }

    [Fact]
    public void Region_comes_from_aws_region_then_the_default_region_then_the_profile()
    {
        var profiles = new[] { new AwsProfile("default", "eu-north-1"), new AwsProfile("ci", "ap-east-1") };

        Assert.Equal("us-west-2", AwsTestEnvironment.Of(new Dictionary<string, string> { ["AWS_REGION"] = "us-west-2", ["AWS_DEFAULT_REGION"] = "eu-west-1" }, profiles).ResolveRegion());
        Assert.Equal("eu-west-1", AwsTestEnvironment.Of(new Dictionary<string, string> { ["AWS_DEFAULT_REGION"] = "eu-west-1" }, profiles).ResolveRegion());
        Assert.Equal("eu-north-1", AwsTestEnvironment.Of(null, profiles).ResolveRegion());
        Assert.Equal("ap-east-1", AwsTestEnvironment.Of(new Dictionary<string, string> { ["AWS_PROFILE"] = "ci" }, profiles).ResolveRegion());
        Assert.Null(AwsTestEnvironment.Of().ResolveRegion());
    }

    [Fact]
    public void A_named_profile_that_does_not_exist_fails_like_the_go_sdk()
    {
        var error = Assert.Throws<CredentialException>(() => AwsTestEnvironment.Of(("AWS_PROFILE", "nope"), ("AWS_REGION", "us-east-1")).ResolveRegion());

        Assert.Equal("failed to get shared config profile, nope", error.Message);
    }
}
