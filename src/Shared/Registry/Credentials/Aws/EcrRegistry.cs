using System.Text.RegularExpressions;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// Which ECR API serves a registry host, read the way fluxcd/pkg does: the AWS ECR credential helper's pattern
/// (unanchored, FIPS, China, GovCloud and the isolated partitions; region = group 2), or <c>public.ecr.aws</c> (ECR
/// Public, us-east-1).
/// </summary>
public sealed partial record EcrRegistry(string Host, string Region, bool Public, bool Fips)
{
    /// <summary>The reference's pattern, text for text (it appears in the error message).</summary>
    public const string Pattern = @"([0-9+]*).dkr.ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)";

    public const string PublicHost = "public.ecr.aws";

    public static EcrRegistry Parse(string host)
    {
        if (host == PublicHost)
        {
            return new EcrRegistry(host, AwsEndpoints.EcrPublicRegion, Public: true, Fips: false);
        }

        var match = HostPattern().Match(host);
        return match.Success
            ? new EcrRegistry(host, match.Groups[2].Value, Public: false, Fips: match.Value.Contains("dkr.ecr-fips.", StringComparison.Ordinal))
            : throw new CredentialException($"invalid AWS registry: '{host}'. must match {Pattern}");
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
