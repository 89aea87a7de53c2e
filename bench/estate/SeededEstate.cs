namespace FluxMirror.Bench.Estate;

/// <summary>
/// The estate as pushed to the source: the manifest digest of every "repository:tag", and its unique bytes (each distinct
/// blob counted once, plus every manifest): what a copier that moves each blob once has to read from the source.
/// </summary>
internal sealed record SeededEstate(EstateShape Shape, IReadOnlyDictionary<string, string> ManifestDigests, long UniqueBytes)
{
    public int Tags => ManifestDigests.Count;

    public static string Key(string repository, string tag) => $"{repository}:{tag}";
}
