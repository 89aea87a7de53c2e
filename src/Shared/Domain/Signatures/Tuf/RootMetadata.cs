using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>A parsed root.json: the keys and roles every other metadata file is checked against.</summary>
internal sealed class RootMetadata
{
    private readonly IReadOnlyDictionary<string, TufKey?> _keys;
    private readonly IReadOnlyDictionary<string, TufRole> _roles;

    private RootMetadata(SignedMetadata metadata, IReadOnlyDictionary<string, TufKey?> keys, IReadOnlyDictionary<string, TufRole> roles, bool consistentSnapshot)
    {
        Metadata = metadata;
        _keys = keys;
        _roles = roles;
        ConsistentSnapshot = consistentSnapshot;
    }

    public SignedMetadata Metadata { get; }

    public long Version => Metadata.Version;

    public bool ConsistentSnapshot { get; }

    public static RootMetadata Parse(byte[] raw)
    {
        var metadata = SignedMetadata.Parse(raw, "root");
        try
        {
            var keys = TufJson.Property(metadata.Signed, "keys", JsonValueKind.Object).EnumerateObject()
                .ToDictionary(k => k.Name, k => TufKey.TryParse(k.Value), StringComparer.Ordinal);
            var roles = TufJson.Property(metadata.Signed, "roles", JsonValueKind.Object).EnumerateObject()
                .ToDictionary(r => r.Name, r => TufRole.Parse(r.Value), StringComparer.Ordinal);
            foreach (var required in new[] { "root", "timestamp", "snapshot", "targets" })
            {
                if (!roles.ContainsKey(required))
                {
                    throw new FormatException($"no \"{required}\" role");
                }
            }

            var consistent = metadata.Signed.TryGetProperty("consistent_snapshot", out var flag) && flag.ValueKind == JsonValueKind.True;
            return new RootMetadata(metadata, keys, roles, consistent);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new TufException($"{metadata.Label}: malformed metadata: {ex.Message}", ex);
        }
    }

    public TufRole Role(string name) => _roles[name];

    /// <summary>
    /// Requires <paramref name="metadata"/> to carry valid signatures of at least the threshold of distinct keys of
    /// this root's <paramref name="roleName"/> role. A key id listed twice counts once; unknown key types never count.
    /// </summary>
    /// <exception cref="TufException"><c>&lt;file&gt;: signature threshold not met (1 of 2)</c>.</exception>
    public void RequireThreshold(string roleName, SignedMetadata metadata)
    {
        var role = _roles[roleName];
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in metadata.Signatures)
        {
            if (valid.Contains(signature.KeyId) || !role.KeyIds.Contains(signature.KeyId)
                || !_keys.TryGetValue(signature.KeyId, out var key) || key is null)
            {
                continue;
            }

            if (key.Verify(metadata.CanonicalSigned, signature.Signature))
            {
                valid.Add(signature.KeyId);
            }
        }

        if (valid.Count < role.Threshold)
        {
            throw new TufException($"{metadata.Label}: signature threshold not met ({valid.Count} of {role.Threshold})");
        }
    }
}
