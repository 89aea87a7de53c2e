namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// Where the AWS APIs this project calls live: a configured override (<see cref="AwsEnvironment.EndpointOverride"/>)
/// wins, else the partition's regional endpoint, as the SDKs resolve them.
/// </summary>
public static class AwsEndpoints
{
    /// <summary>The region ECR Public serves its API (and authorization tokens) from.</summary>
    public const string EcrPublicRegion = "us-east-1";

    public static Uri Ecr(AwsEnvironment environment, string region, bool fips) =>
        environment.EndpointOverride("ECR")
        ?? new Uri(fips || environment.UseFipsEndpoint
            ? $"https://ecr-fips.{region}.{AwsPartition.DnsSuffix(region)}/"
            : $"https://api.ecr.{region}.{AwsPartition.DnsSuffix(region)}/");

    public static Uri EcrPublic(AwsEnvironment environment) =>
        environment.EndpointOverride("ECR_PUBLIC") ?? new Uri($"https://api.ecr-public.{EcrPublicRegion}.amazonaws.com/");

    public static Uri Sts(AwsEnvironment environment, string region) =>
        environment.EndpointOverride("STS")
        ?? new Uri(environment.UseFipsEndpoint
            ? $"https://sts-fips.{region}.{AwsPartition.DnsSuffix(region)}/"
            : $"https://sts.{region}.{AwsPartition.DnsSuffix(region)}/");
}
