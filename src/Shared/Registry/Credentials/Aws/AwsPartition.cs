namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// The DNS suffix of the AWS partition a region belongs to: China (<c>cn-*</c>), the isolated partitions
/// (<c>us-iso-*</c>, <c>us-isob-*</c>, <c>eu-isoe-*</c>, <c>us-isof-*</c>) and the commercial/GovCloud default.
/// </summary>
public static class AwsPartition
{
    public static string DnsSuffix(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "amazonaws.com.cn",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "sc2s.sgov.gov",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "c2s.ic.gov",
        _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => "cloud.adc-e.uk",
        _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => "csp.hci.ic.gov",
        _ => "amazonaws.com",
    };
}
