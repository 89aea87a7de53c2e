namespace FluxMirror.Protocol.Serialization;

/// <summary>
/// Both directions of the manifest table, checked once when built: a duplicate or malformed manifest is a
/// programming error that must stop the node before it writes anything to the wire or the journal.
/// </summary>
internal sealed class ManifestTable
{
    public const int MinLength = 2;
    public const int MaxLength = 4;

    private readonly Dictionary<Type, ManifestEntry> _byType = [];
    private readonly Dictionary<string, ManifestEntry> _byManifest = new(StringComparer.Ordinal);

    public ManifestTable(IEnumerable<ManifestEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Manifest.Length is < MinLength or > MaxLength || !entry.Manifest.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                throw new InvalidOperationException(
                    $"manifest \"{entry.Manifest}\" of {entry.Type.Name} must be {MinLength}-{MaxLength} lower-case ASCII letters or digits");
            }

            if (!_byType.TryAdd(entry.Type, entry))
            {
                throw new InvalidOperationException($"{entry.Type.Name} has two manifests");
            }

            if (!_byManifest.TryAdd(entry.Manifest, entry))
            {
                throw new InvalidOperationException($"manifest \"{entry.Manifest}\" is used twice");
            }
        }

        ManifestsByType = _byType.ToDictionary(p => p.Key, p => p.Value.Manifest);
    }

    public IReadOnlyDictionary<Type, string> ManifestsByType { get; }

    public ManifestEntry? FindByType(Type type) => _byType.GetValueOrDefault(type);

    public ManifestEntry? FindByManifest(string manifest) => _byManifest.GetValueOrDefault(manifest);
}
