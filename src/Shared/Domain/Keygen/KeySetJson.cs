using System.Buffers.Text;
using System.Text;

namespace FluxMirror.Domain.Keygen;

/// <summary>
/// A JWK set of one Ed25519 key, laid out byte for byte as the reference writes it: go-jose's member order
/// (<c>use, kty, kid, crv, alg, x, d</c> — the field order of its <c>rawJSONWebKey</c>) re-indented by
/// <c>json.MarshalIndent(set, "", "  ")</c>, plus the trailing newline. Every value is ASCII (base64url, a UUID and
/// constants), so no JSON escaping is needed.
/// </summary>
public static class KeySetJson
{
    public static string Public(ReadOnlySpan<byte> publicKey, string keyId) => Set(Members(publicKey, keyId));

    public static string Private(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> seed, string keyId) =>
        Set([.. Members(publicKey, keyId), ("d", Base64Url.EncodeToString(seed))]);

    private static List<(string Name, string Value)> Members(ReadOnlySpan<byte> publicKey, string keyId) =>
    [
        ("use", "sig"),
        ("kty", "OKP"),
        ("kid", keyId),
        ("crv", "Ed25519"),
        ("alg", "EdDSA"),
        ("x", Base64Url.EncodeToString(publicKey)),
    ];

    private static string Set(List<(string Name, string Value)> members)
    {
        var sb = new StringBuilder("{\n  \"keys\": [\n    {\n");
        for (var i = 0; i < members.Count; i++)
        {
            sb.Append("      \"").Append(members[i].Name).Append("\": \"").Append(members[i].Value).Append('"');
            sb.Append(i < members.Count - 1 ? ",\n" : "\n");
        }

        return sb.Append("    }\n  ]\n}\n").ToString();
    }
}
