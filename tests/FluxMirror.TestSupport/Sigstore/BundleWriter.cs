using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Writes a bundle as cosign does (Go protojson, compact): fields in proto declaration order, default values left
/// out (a 0 log index or integrated time is absent), int64 as JSON strings, bytes as padded standard base64. The
/// certificate goes in <c>certificate</c> for v0.3 and later, in <c>x509CertificateChain</c> (leaf first) before,
/// or whenever the bundle carries further chain certificates.
/// </summary>
public static class BundleWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(SigstoreBundle bundle)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("mediaType", bundle.MediaType);
            WriteVerificationMaterial(json, bundle);
            if (bundle.MessageSignature is { } message)
            {
                json.WriteStartObject("messageSignature");
                json.WriteStartObject("messageDigest");
                json.WriteString("algorithm", message.DigestAlgorithm);
                WriteBytes(json, "digest", message.Digest);
                json.WriteEndObject();
                WriteBytes(json, "signature", message.Signature);
                json.WriteEndObject();
            }
            if (bundle.Dsse is { } dsse)
            {
                json.WriteStartObject("dsseEnvelope");
                WriteBytes(json, "payload", dsse.Payload);
                if (dsse.PayloadType.Length > 0)
                {
                    json.WriteString("payloadType", dsse.PayloadType);
                }
                if (dsse.Signatures.Count > 0)
                {
                    json.WriteStartArray("signatures");
                    foreach (var signature in dsse.Signatures)
                    {
                        json.WriteStartObject();
                        WriteBytes(json, "sig", signature);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteVerificationMaterial(Utf8JsonWriter json, SigstoreBundle bundle)
    {
        json.WriteStartObject("verificationMaterial");
        if (bundle.SigningCertificateDer is { } leaf)
        {
            if (bundle.Version >= new Version(0, 3) && bundle.ChainDer.Count == 0)
            {
                json.WriteStartObject("certificate");
                WriteBytes(json, "rawBytes", leaf);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartObject("x509CertificateChain");
                json.WriteStartArray("certificates");
                foreach (var certificate in bundle.ChainDer.Prepend(leaf))
                {
                    json.WriteStartObject();
                    WriteBytes(json, "rawBytes", certificate);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
        else if (bundle.PublicKeyHint is { } hint)
        {
            json.WriteStartObject("publicKey");
            json.WriteString("hint", hint);
            json.WriteEndObject();
        }
        if (bundle.TlogEntries.Count > 0)
        {
            json.WriteStartArray("tlogEntries");
            foreach (var entry in bundle.TlogEntries)
            {
                WriteEntry(json, entry);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter json, TlogEntry entry)
    {
        json.WriteStartObject();
        WriteInt64(json, "logIndex", entry.LogIndex);
        json.WriteStartObject("logId");
        WriteBytes(json, "keyId", entry.LogId);
        json.WriteEndObject();
        json.WriteStartObject("kindVersion");
        json.WriteString("kind", entry.Kind);
        json.WriteString("version", entry.KindVersion);
        json.WriteEndObject();
        WriteInt64(json, "integratedTime", entry.IntegratedTime);
        if (entry.SignedEntryTimestamp is { } set)
        {
            json.WriteStartObject("inclusionPromise");
            WriteBytes(json, "signedEntryTimestamp", set);
            json.WriteEndObject();
        }
        if (entry.InclusionProof is { } proof)
        {
            json.WriteStartObject("inclusionProof");
            WriteInt64(json, "logIndex", proof.LogIndex);
            WriteBytes(json, "rootHash", proof.RootHash);
            WriteInt64(json, "treeSize", proof.TreeSize);
            if (proof.Hashes.Count > 0)
            {
                json.WriteStartArray("hashes");
                foreach (var hash in proof.Hashes)
                {
                    json.WriteStringValue(Convert.ToBase64String(hash));
                }
                json.WriteEndArray();
            }
            json.WriteStartObject("checkpoint");
            json.WriteString("envelope", proof.Checkpoint);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        WriteBytes(json, "canonicalizedBody", entry.CanonicalizedBody);
        json.WriteEndObject();
    }

    private static void WriteInt64(Utf8JsonWriter json, string name, long value)
    {
        if (value != 0)
        {
            json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteBytes(Utf8JsonWriter json, string name, byte[] value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, Convert.ToBase64String(value));
        }
    }
}
