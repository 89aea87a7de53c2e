namespace FluxMirror.Domain.Config;

/// <summary>A loaded, validated <c>mirror.plugin.fluxcd.io/v1beta1</c> Config.</summary>
/// <param name="BaseDirectory">Absolute directory that confines every file path of the config:
/// the config file's directory, or the working directory when the config came from stdin.</param>
public sealed record MirrorConfig(
    string ApiVersion,
    string Kind,
    IReadOnlyList<HostEntry> Hosts,
    IReadOnlyList<ArtifactEntry> Artifacts,
    IReadOnlyList<ChartEntry> Charts,
    string BaseDirectory)
{
    public const string SupportedApiVersion = "mirror.plugin.fluxcd.io/v1beta1";
    public const string ConfigKind = "Config";

    /// <summary>The host entry configured for a registry host (port included), matched exactly like the reference.</summary>
    public HostEntry? FindHost(string registryHost) => Hosts.FirstOrDefault(h => h.Host == registryHost);
}
