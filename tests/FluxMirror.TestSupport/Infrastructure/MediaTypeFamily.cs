namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>The four media types that differ between an OCI image and a Docker schema-2 image.</summary>
public sealed record MediaTypeFamily(string ManifestMediaType, string IndexMediaType, string ConfigMediaType, string LayerMediaType)
{
    public static readonly MediaTypeFamily Oci = new(
        RegistryMediaTypes.OciManifest, RegistryMediaTypes.OciIndex, RegistryMediaTypes.OciConfig, RegistryMediaTypes.OciLayer);

    public static readonly MediaTypeFamily Docker = new(
        RegistryMediaTypes.DockerManifest, RegistryMediaTypes.DockerManifestList, RegistryMediaTypes.DockerConfig, RegistryMediaTypes.DockerLayer);
}
