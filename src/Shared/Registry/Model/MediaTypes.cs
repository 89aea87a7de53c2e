namespace FluxMirror.Registry.Model;

public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>The short-lived OCI 1.1 release-candidate artifact manifest; still found in the wild.</summary>
    public const string OciArtifactManifest = "application/vnd.oci.artifact.manifest.v1+json";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    public const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string HelmChartContent = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /// <summary>Every manifest type we can copy, in preference order, for the Accept header.</summary>
    public static readonly IReadOnlyList<string> AcceptedManifests =
    [
        OciManifest,
        OciIndex,
        DockerManifest,
        DockerManifestList,
        OciArtifactManifest,
    ];

    public static bool IsIndex(string mediaType) =>
        string.Equals(mediaType, OciIndex, StringComparison.Ordinal)
        || string.Equals(mediaType, DockerManifestList, StringComparison.Ordinal);

    /// <summary>
    /// Foreign (non-distributable) layers live outside the registry (their <c>urls</c>); like go-containerregistry we never
    /// copy them, the destination manifest keeps pointing at the same external location.
    /// </summary>
    public static bool IsNonDistributable(string mediaType) =>
        mediaType.Contains(".foreign.", StringComparison.Ordinal)
        || mediaType.Contains("nondistributable", StringComparison.Ordinal);
}
