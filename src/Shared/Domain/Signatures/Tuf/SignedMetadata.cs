using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// A TUF metadata file as fetched or cached: its <c>signed</c> object (with the canonical bytes the signatures cover),
/// the fields every role carries (<c>_type</c>, <c>version</c>, <c>expires</c>) and its signatures. Parsing checks
/// the shape only; trust is the caller's (<see cref="RootMetadata.RequireThreshold"/>).
/// </summary>
internal sealed class SignedMetadata
{
    private SignedMetadata(string role, byte[] raw, JsonElement signed, byte[] canonicalSigned, long version, DateTimeOffset expires, IReadOnlyList<TufSignature> signatures)
    {
        Role = role;
        Raw = raw;
        Signed = signed;
        CanonicalSigned = canonicalSigned;
        Version = version;
        Expires = expires;
        Signatures = signatures;
    }

    /// <summary>root, timestamp, snapshot or targets.</summary>
    public string Role { get; }

    /// <summary>The file's bytes, as written to the cache.</summary>
    public byte[] Raw { get; }

    public JsonElement Signed { get; }

    public byte[] CanonicalSigned { get; }

    public long Version { get; }

    public DateTimeOffset Expires { get; }

    public IReadOnlyList<TufSignature> Signatures { get; }

    /// <summary>How messages name this file: <c>root.json version 3</c>, <c>timestamp.json</c>.</summary>
    public string Label => Role == "root" ? $"root.json version {Version}" : $"{Role}.json";

    /// <exception cref="TufException">Not JSON, not a <paramref name="role"/> metadata file, or a field is missing.</exception>
    public static SignedMetadata Parse(byte[] raw, string role)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            var signed = TufJson.Property(root, "signed", JsonValueKind.Object).Clone();
            var type = TufJson.String(signed, "_type");
            if (!string.Equals(type, role, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"expected _type \"{role}\", got \"{type}\"");
            }

            if (TufJson.OptionalProperty(signed, "spec_version", JsonValueKind.String) is { } specVersion
                && !specVersion.GetString()!.StartsWith("1.", StringComparison.Ordinal))
            {
                throw new FormatException($"unsupported spec_version \"{specVersion.GetString()}\"");
            }

            var signatures = TufJson.Property(root, "signatures", JsonValueKind.Array).EnumerateArray()
                .Select(s => new TufSignature(TufJson.String(s, "keyid"), TufJson.String(s, "sig")))
                .ToArray();
            return new SignedMetadata(role, raw, signed, CanonicalJson.Encode(signed), TufJson.Int64(signed, "version"), TufJson.Timestamp(signed, "expires"), signatures);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new TufException($"{role}.json: malformed metadata: {ex.Message}", ex);
        }
    }

    /// <exception cref="TufException">Expired at <paramref name="now"/> (a freeze attack, or a repository not refreshed).</exception>
    public void RequireNotExpired(DateTimeOffset now)
    {
        if (now >= Expires)
        {
            throw new TufException($"{Role}.json expired at {Expires.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        }
    }
}
