namespace FluxMirror.Registry.Model;

/// <summary>The structural view of a manifest or index that copying and referrer handling need.</summary>
public sealed record ParsedManifest(
    int SchemaVersion,
    string? MediaType,
    string? ArtifactType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    IReadOnlyDictionary<string, string>? Annotations)
{
    /// <summary>
    /// The artifact type a referrers index lists for this manifest: <c>artifactType</c>, else the config media type
    /// (OCI image spec, "guidelines for artifact usage").
    /// </summary>
    public string? EffectiveArtifactType => ArtifactType ?? Config?.MediaType;

    /// <summary>Blobs the manifest references (config first), excluding non-distributable layers.</summary>
    public IEnumerable<Descriptor> DistributableBlobs()
    {
        if (Config is not null)
        {
            yield return Config;
        }

        foreach (var layer in Layers)
        {
            if (!MediaTypes.IsNonDistributable(layer.MediaType))
            {
                yield return layer;
            }
        }
    }
}
