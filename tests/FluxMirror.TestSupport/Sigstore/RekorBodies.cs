using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Log entry bodies byte for byte as Rekor v1 stores them (RFC 8785 canonical JSON: keys sorted, no whitespace).
/// Every value written is base64, hex or a fixed name, which canonical JSON leaves unescaped.
/// </summary>
public static class RekorBodies
{
    private static readonly JsonWriterOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A hashedrekord 0.0.1 body: the signature over a SHA-256 digest and the signing certificate's PEM.</summary>
    public static byte[] HashedRekord(byte[] signature, string certificatePem, string sha256Hex) =>
        Write(json =>
        {
            json.WriteString("apiVersion", "0.0.1");
            json.WriteString("kind", "hashedrekord");
            json.WriteStartObject("spec");
            json.WriteStartObject("data");
            json.WriteStartObject("hash");
            json.WriteString("algorithm", "sha256");
            json.WriteString("value", sha256Hex.ToLowerInvariant());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("signature");
            json.WriteString("content", Convert.ToBase64String(signature));
            json.WriteStartObject("publicKey");
            json.WriteString("content", Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem)));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        });

    /// <summary>
    /// A dsse 0.0.1 body for an envelope whose signatures all verify with <paramref name="verifierPem"/>: payload hash
    /// over the payload, envelope hash over the envelope JSON as a DSSE client submits it.
    /// </summary>
    public static byte[] Dsse(DsseEnvelope envelope, string verifierPem) =>
        Dsse(
            Convert.ToHexStringLower(SHA256.HashData(envelope.Payload)),
            Convert.ToHexStringLower(SHA256.HashData(EnvelopeJson(envelope))),
            envelope.Signatures.Select(signature => new DsseEntrySignature(signature, Encoding.UTF8.GetBytes(verifierPem))).ToArray());

    /// <summary>A dsse 0.0.1 body from its parts; signatures are stored sorted by their base64 text, as Rekor does.</summary>
    public static byte[] Dsse(string payloadSha256Hex, string envelopeSha256Hex, IReadOnlyList<DsseEntrySignature> signatures) =>
        Write(json =>
        {
            json.WriteString("apiVersion", "0.0.1");
            json.WriteString("kind", "dsse");
            json.WriteStartObject("spec");
            WriteSha256(json, "envelopeHash", envelopeSha256Hex);
            WriteSha256(json, "payloadHash", payloadSha256Hex);
            json.WriteStartArray("signatures");
            foreach (var signature in signatures.OrderBy(s => Convert.ToBase64String(s.Signature), StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("signature", Convert.ToBase64String(signature.Signature));
                json.WriteString("verifier", Convert.ToBase64String(signature.VerifierPem));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });

    /// <summary>The envelope as Go's DSSE library marshals it (field order payload, payloadType, signatures{keyid, sig}).</summary>
    public static byte[] EnvelopeJson(DsseEnvelope envelope)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            json.WriteString("payload", Convert.ToBase64String(envelope.Payload));
            json.WriteString("payloadType", envelope.PayloadType);
            json.WriteStartArray("signatures");
            foreach (var signature in envelope.Signatures)
            {
                json.WriteStartObject();
                json.WriteString("keyid", "");
                json.WriteString("sig", Convert.ToBase64String(signature));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteSha256(Utf8JsonWriter json, string name, string hex)
    {
        json.WriteStartObject(name);
        json.WriteString("algorithm", "sha256");
        json.WriteString("value", hex.ToLowerInvariant());
        json.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
