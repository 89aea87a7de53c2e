using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A dsse 0.0.1 entry as Rekor stores it (proposed content dropped):
/// <c>{"apiVersion":"0.0.1","kind":"dsse","spec":{"envelopeHash":{"algorithm":"sha256","value":…},"payloadHash":
/// {"algorithm":"sha256","value":…},"signatures":[{"signature":"&lt;b64&gt;","verifier":"&lt;b64 PEM&gt;"}]}}</c>.
/// </summary>
/// <param name="PayloadHashHex">SHA-256 of the envelope's payload, lowercase hex.</param>
/// <param name="EnvelopeHashHex">SHA-256 of the envelope as submitted, lowercase hex.</param>
/// <param name="Signatures">Sorted by their base64 text, as Rekor stores them.</param>
public sealed record DsseEntryBody(string PayloadHashHex, string EnvelopeHashHex, IReadOnlyList<DsseEntrySignature> Signatures) : RekorEntryBody
{
    internal const string KindName = "dsse";
    internal const string Version = "0.0.1";

    public override string Kind => KindName;

    public override string ApiVersion => Version;

    public override byte[] FirstSignature => Signatures[0].Signature;

    public override byte[] FirstVerifierPem => Signatures[0].VerifierPem;

    internal static DsseEntryBody FromSpec(JsonElement spec)
    {
        var payloadHash = Sha256(spec, "payloadHash");
        var envelopeHash = Sha256(spec, "envelopeHash");
        if (!spec.TryGetProperty("signatures", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw new FormatException("signatures in body is required");
        }
        var signatures = array.EnumerateArray()
            .Select((item, i) => item.ValueKind == JsonValueKind.Object
                ? new DsseEntrySignature(
                    RequiredBase64(item, "signature", $"signatures.{i}.signature"),
                    RequiredBase64(item, "verifier", $"signatures.{i}.verifier"))
                : throw new FormatException($"signatures.{i} in body must be of type object"))
            .ToArray();
        return new DsseEntryBody(payloadHash, envelopeHash, signatures);
    }

    private static string Sha256(JsonElement spec, string name)
    {
        var hash = RequiredObject(spec, name, name);
        return RequiredString(hash, "algorithm", $"{name}.algorithm") == "sha256"
            ? RequiredHex(hash, "value", $"{name}.value", 64)
            : throw new FormatException($"{name}.algorithm in body should be one of [sha256]");
    }
}
