using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A hashedrekord 0.0.1 entry: <c>{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{"hash":{"algorithm":
/// "sha256","value":"&lt;hex&gt;"}},"signature":{"content":"&lt;b64&gt;","publicKey":{"content":"&lt;b64 PEM&gt;"}}}}</c>.
/// </summary>
/// <param name="Signature">The signature over the artifact digest (<c>spec.signature.content</c>).</param>
/// <param name="PublicKeyPem">The signer's certificate or public key as PEM (<c>spec.signature.publicKey.content</c>).</param>
/// <param name="HashAlgorithm"><c>sha256</c>, <c>sha384</c> or <c>sha512</c>.</param>
/// <param name="HashHex">The artifact digest, lowercase hex.</param>
public sealed record HashedRekordBody(byte[] Signature, byte[] PublicKeyPem, string HashAlgorithm, string HashHex) : RekorEntryBody
{
    internal const string KindName = "hashedrekord";
    internal const string Version = "0.0.1";

    public override string Kind => KindName;

    public override string ApiVersion => Version;

    public override byte[] FirstSignature => Signature;

    public override byte[] FirstVerifierPem => PublicKeyPem;

    internal static HashedRekordBody FromSpec(JsonElement spec)
    {
        var signature = RequiredObject(spec, "signature", "signature");
        var content = RequiredBase64(signature, "content", "signature.content");
        var publicKey = RequiredObject(signature, "publicKey", "signature.publicKey");
        var pem = RequiredBase64(publicKey, "content", "signature.publicKey.content");
        var hash = RequiredObject(RequiredObject(spec, "data", "data"), "hash", "data.hash");
        var algorithm = RequiredString(hash, "algorithm", "data.hash.algorithm");
        var length = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => throw new FormatException($"data.hash.algorithm in body should be one of [sha256 sha384 sha512]"),
        };
        var value = RequiredHex(hash, "value", "data.hash.value", length);
        return new HashedRekordBody(content, pem, algorithm, value);
    }
}
