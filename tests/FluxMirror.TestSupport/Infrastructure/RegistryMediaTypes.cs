namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>The media types the seeder writes, spelled once.</summary>
public static class RegistryMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Sent as Accept on every manifest request so distribution never down-converts or hides OCI content.</summary>
    public static readonly string[] AllManifests = [OciManifest, OciIndex, DockerManifest, DockerManifestList];
}
