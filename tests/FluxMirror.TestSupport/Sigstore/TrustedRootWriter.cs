using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Writes a <see cref="TrustedRoot"/> as a protobuf-specs <c>trusted_root.json</c> (protobuf JSON: lowerCamel names,
/// standard base64 bytes, RFC 3339 UTC timestamps), the file a Sigstore TUF repository serves as a target.
/// </summary>
public static class TrustedRootWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static byte[] Write(TrustedRoot root)
    {
        var json = new JsonObject
        {
            ["mediaType"] = TrustedRootJson.MediaType,
            ["tlogs"] = new JsonArray([.. root.TransparencyLogs.Select(Log)]),
            ["certificateAuthorities"] = new JsonArray([.. root.CertificateAuthorities.Select(Authority)]),
            ["ctlogs"] = new JsonArray([.. root.CertificateTransparencyLogs.Select(Log)]),
            ["timestampAuthorities"] = new JsonArray(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, Indented);
    }

    private static JsonObject Log(TransparencyLogKey log)
    {
        var json = new JsonObject();
        if (log.BaseUrl is not null)
        {
            json["baseUrl"] = log.BaseUrl;
        }

        json["hashAlgorithm"] = "SHA2_256";
        json["publicKey"] = new JsonObject
        {
            ["rawBytes"] = Convert.ToBase64String(log.PublicKeyDer),
            ["keyDetails"] = log.KeyDetails,
            ["validFor"] = Validity(log.ValidFor),
        };
        json["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(log.LogId) };
        return json;
    }

    private static JsonObject Authority(CertificateAuthority authority)
    {
        var json = new JsonObject();
        if (authority.Uri is not null)
        {
            json["uri"] = authority.Uri;
        }

        json["certChain"] = new JsonObject
        {
            ["certificates"] = new JsonArray([.. authority.ChainDer.Select(der => (JsonNode)new JsonObject { ["rawBytes"] = Convert.ToBase64String(der) })]),
        };
        json["validFor"] = Validity(authority.ValidFor);
        return json;
    }

    private static JsonObject Validity(ValidityPeriod period)
    {
        var json = new JsonObject();
        if (period.Start is { } start)
        {
            json["start"] = Timestamp(start);
        }

        if (period.End is { } end)
        {
            json["end"] = Timestamp(end);
        }

        return json;
    }

    // protobuf JSON's Timestamp form: UTC with "Z", fractional digits only when there are any.
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
