using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Reads a protobuf-specs <c>TrustedRoot</c> in its protobuf JSON form (<c>trusted_root.json</c>). Field names are
/// accepted in both spellings protobuf JSON allows (lowerCamel and the proto's snake_case); timestamp authorities are
/// not used for verification and are skipped. Refusals reuse sigstore-go's texts where it has one.
/// </summary>
public static class TrustedRootJson
{
    public const string MediaType = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

    /// <exception cref="FormatException">The document is not JSON, not a trusted root, or an entry is unusable.</exception>
    public static TrustedRoot Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"failed to proto-json unmarshal trusted root: {OneLine(ex.Message)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("failed to proto-json unmarshal trusted root: expected a JSON object");
            }

            var mediaType = Field(root, "mediaType", "media_type") is { ValueKind: JsonValueKind.String } m ? m.GetString() : "";
            if (mediaType != MediaType)
            {
                throw new FormatException($"unsupported TrustedRoot media type: {mediaType}");
            }

            return new TrustedRoot(
                Array(root, "certificateAuthorities", "certificate_authorities").Select(ReadAuthority).ToList(),
                Array(root, "tlogs", "tlogs").Select(ReadLog).ToList(),
                Array(root, "ctlogs", "ctlogs").Select(ReadLog).ToList());
        }
    }

    private static CertificateAuthority ReadAuthority(JsonElement authority)
    {
        var uri = String(authority, "uri", "uri");
        if (Field(authority, "certChain", "cert_chain") is not { ValueKind: JsonValueKind.Object } chain)
        {
            throw new FormatException("CertificateAuthority missing cert chain");
        }

        var certificates = Array(chain, "certificates", "certificates")
            .Select(c => Bytes(c, "rawBytes", "raw_bytes", "certificate raw bytes"))
            .ToList();
        if (certificates.Count == 0)
        {
            throw new FormatException("CertificateAuthority cert chain is empty");
        }

        foreach (var der in certificates)
        {
            try
            {
                using var _ = X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException ex)
            {
                throw new FormatException($"failed to parse certificate for {uri} {OneLine(ex.Message)}", ex);
            }
        }

        return new CertificateAuthority(uri, certificates, Validity(authority, required: false, "CertificateAuthority"));
    }

    private static TransparencyLogKey ReadLog(JsonElement log)
    {
        var baseUrl = String(log, "baseUrl", "base_url");
        var hash = Field(log, "hashAlgorithm", "hash_algorithm") is { ValueKind: JsonValueKind.String } h ? h.GetString() : "HASH_ALGORITHM_UNSPECIFIED";
        if (hash != "SHA2_256")
        {
            throw new FormatException($"unsupported tlog hash algorithm: {hash}");
        }

        if (Field(log, "logId", "log_id") is not { ValueKind: JsonValueKind.Object } logId)
        {
            throw new FormatException("tlog missing log ID");
        }

        if (Field(logId, "keyId", "key_id") is null)
        {
            throw new FormatException("tlog missing log ID key ID");
        }

        var keyId = Bytes(logId, "keyId", "key_id", "log ID key ID");
        if (Field(log, "publicKey", "public_key") is not { ValueKind: JsonValueKind.Object } publicKey)
        {
            throw new FormatException("tlog missing public key");
        }

        if (Field(publicKey, "rawBytes", "raw_bytes") is null)
        {
            throw new FormatException("tlog missing public key raw bytes");
        }

        var der = Bytes(publicKey, "rawBytes", "raw_bytes", "public key raw bytes");
        var details = String(publicKey, "keyDetails", "key_details") ?? "PUBLIC_KEY_DETAILS_UNSPECIFIED";
        CheckPublicKey(der, details, baseUrl);
        return new TransparencyLogKey(baseUrl, keyId, der, details, Validity(publicKey, required: true, "tlog"));
    }

    // sigstore-go parses the key (x509.ParsePKIXPublicKey) and checks its family against keyDetails; the structure
    // and the algorithm OID are what that check amounts to without importing keys .NET cannot (Ed25519).
    private static void CheckPublicKey(byte[] der, string details, string? baseUrl)
    {
        string algorithm;
        try
        {
            var spki = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            algorithm = spki.ReadSequence().ReadObjectIdentifier();
            spki.ReadBitString(out _);
        }
        catch (AsnContentException ex)
        {
            throw new FormatException($"failed to parse public key for tlog: {baseUrl} {OneLine(ex.Message)}", ex);
        }

        var expected = details switch
        {
            "PKIX_ECDSA_P256_SHA_256" or "PKIX_ECDSA_P384_SHA_384" or "PKIX_ECDSA_P521_SHA_512" => ("1.2.840.10045.2.1", "ECDSA"),
            "PKIX_RSA_PKCS1V15_2048_SHA256" or "PKIX_RSA_PKCS1V15_3072_SHA256" or "PKIX_RSA_PKCS1V15_4096_SHA256" => ("1.2.840.113549.1.1.1", "RSA"),
            "PKIX_ED25519" => ("1.3.101.112", "Ed25519"),
            _ => throw new FormatException($"unsupported tlog public key type: {details}"),
        };
        if (algorithm != expected.Item1)
        {
            throw new FormatException($"tlog public key is not {expected.Item2}: {details}");
        }
    }

    private static ValidityPeriod Validity(JsonElement owner, bool required, string what)
    {
        if (Field(owner, "validFor", "valid_for") is not { ValueKind: JsonValueKind.Object } validFor)
        {
            return required ? throw new FormatException($"{what} missing public key validity period") : new ValidityPeriod(null, null);
        }

        var start = Time(validFor, "start");
        if (required && start is null)
        {
            throw new FormatException($"{what} missing public key validity period start time");
        }

        return new ValidityPeriod(start, Time(validFor, "end"));
    }

    private static DateTimeOffset? Time(JsonElement owner, string name)
    {
        if (Field(owner, name, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParseExact(value.GetString(), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new FormatException($"failed to proto-json unmarshal trusted root: invalid google.protobuf.Timestamp value {OneLine(value.GetRawText())}");
    }

    private static byte[] Bytes(JsonElement owner, string name, string protoName, string what)
    {
        if (Field(owner, name, protoName) is { ValueKind: JsonValueKind.String } value)
        {
            // protobuf JSON writes standard base64 and accepts the URL-safe alphabet too.
            var text = value.GetString()!.Replace('-', '+').Replace('_', '/');
            try
            {
                return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"failed to proto-json unmarshal trusted root: invalid base64 in {what}", ex);
            }
        }

        throw new FormatException($"failed to proto-json unmarshal trusted root: missing {what}");
    }

    private static string? String(JsonElement owner, string name, string protoName) =>
        Field(owner, name, protoName) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            var other => throw new FormatException($"failed to proto-json unmarshal trusted root: {name} is not a string: {OneLine(other.Value.GetRawText())}"),
        };

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name, string protoName) =>
        Field(owner, name, protoName) switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object
                ? e
                : throw new FormatException($"failed to proto-json unmarshal trusted root: {name} entry is not an object")).ToList(),
            _ => throw new FormatException($"failed to proto-json unmarshal trusted root: {name} is not an array"),
        };

    // JSON null stands for an unset field in protobuf JSON.
    private static JsonElement? Field(JsonElement owner, string name, string protoName) =>
        (owner.TryGetProperty(name, out var value) || owner.TryGetProperty(protoName, out value)) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
