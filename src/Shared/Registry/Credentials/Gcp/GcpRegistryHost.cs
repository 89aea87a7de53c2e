using System.Text.RegularExpressions;

namespace FluxMirror.Registry.Credentials.Gcp;

/// <summary>
/// Which hosts <c>hosts[].provider: gar</c> serves: Container Registry (<c>gcr.io</c> and its regional subdomains) and
/// Artifact Registry (<c>&lt;location&gt;-docker.pkg.dev</c>), matched exactly as fluxcd/pkg's GCP provider does.
/// </summary>
public static partial class GcpRegistryHost
{
    /// <summary>The reference's pattern, also quoted in the error.</summary>
    public const string Pattern = @"^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev))$";

    public static bool Matches(string host) => !host.Contains('\n', StringComparison.Ordinal) && HostRegex().IsMatch(host);

    /// <summary>fluxcd/pkg's refusal of a host the provider does not serve, or null when it does.</summary>
    public static string? Problem(string host) => Matches(host) ? null : $"invalid GCP registry: '{host}'. must match {Pattern}";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex HostRegex();
}
