using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class TrustedRootJsonTests : IDisposable
{
    private static readonly DateTimeOffset ValidFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PrivateFulcio _fulcio = PrivateFulcio.Create(ValidFrom);

    public void Dispose() => _fulcio.Dispose();

    private TrustedRoot Root()
    {
        var rekor = _fulcio.CtLog with { BaseUrl = "https://rekor.invalid", ValidFor = new ValidityPeriod(ValidFrom, ValidFrom.AddYears(1)) };
        return _fulcio.TrustedRoot(rekor);
    }

    private JsonObject Json() => JsonNode.Parse(TrustedRootWriter.Write(Root()))!.AsObject();

    private static string Refusal(JsonNode json) =>
        Assert.Throws<FormatException>(() => TrustedRootJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message;

    [Fact]
    public void WrittenRootParsesBackToTheSameAnchors()
    {
        var root = Root();

        var parsed = TrustedRootJson.Parse(TrustedRootWriter.Write(root));

        var authority = Assert.Single(parsed.CertificateAuthorities);
        Assert.Equal(root.CertificateAuthorities[0].Uri, authority.Uri);
        Assert.Equal(root.CertificateAuthorities[0].ChainDer, authority.ChainDer);
        Assert.Equal(new ValidityPeriod(ValidFrom, null), authority.ValidFor);
        var tlog = Assert.Single(parsed.TransparencyLogs);
        Assert.Equal("https://rekor.invalid", tlog.BaseUrl);
        Assert.Equal(root.TransparencyLogs[0].LogId, tlog.LogId);
        Assert.Equal(root.TransparencyLogs[0].PublicKeyDer, tlog.PublicKeyDer);
        Assert.Equal("PKIX_ECDSA_P256_SHA_256", tlog.KeyDetails);
        Assert.Equal(new ValidityPeriod(ValidFrom, ValidFrom.AddYears(1)), tlog.ValidFor);
        var ctlog = Assert.Single(parsed.CertificateTransparencyLogs);
        Assert.Equal(_fulcio.CtLog.LogId, ctlog.LogId);
    }

    [Fact]
    public void WrittenRootHasTheProtobufJsonLayout()
    {
        var json = Json();

        Assert.Equal("application/vnd.dev.sigstore.trustedroot+json;version=0.1", (string?)json["mediaType"]);
        Assert.Equal("2026-01-01T00:00:00Z", (string?)json["certificateAuthorities"]![0]!["validFor"]!["start"]);
        Assert.Equal(Convert.ToBase64String(_fulcio.CtLog.LogId), (string?)json["ctlogs"]![0]!["logId"]!["keyId"]);
        Assert.Equal("SHA2_256", (string?)json["ctlogs"]![0]!["hashAlgorithm"]);
        Assert.Empty(json["timestampAuthorities"]!.AsArray());
    }

    [Fact]
    public void ProtoFieldNamesFractionalTimesAndTimestampAuthoritiesAreAccepted()
    {
        var ca = Convert.ToBase64String(_fulcio.Authority.ChainDer[1]);
        var key = Convert.ToBase64String(_fulcio.CtLog.PublicKeyDer);
        var id = Convert.ToBase64String(_fulcio.CtLog.LogId);
        var json = $$$"""
            {"media_type": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
             "certificate_authorities": [{"cert_chain": {"certificates": [{"raw_bytes": "{{{ca}}}"}]},
                                          "valid_for": {"start": "2021-03-07T03:20:29.000Z", "end": "2022-12-31T23:59:59.5+01:00"}}],
             "ctlogs": [{"base_url": "https://ct.invalid", "hash_algorithm": "SHA2_256",
                         "public_key": {"raw_bytes": "{{{key}}}", "key_details": "PKIX_ECDSA_P256_SHA_256", "valid_for": {"start": "2021-03-14T00:00:00Z"}},
                         "log_id": {"key_id": "{{{id}}}"}}],
             "timestampAuthorities": [{"subject": {"commonName": "tsa"}, "certChain": {"certificates": []}}]}
            """;

        var root = TrustedRootJson.Parse(Encoding.UTF8.GetBytes(json));

        var authority = Assert.Single(root.CertificateAuthorities);
        Assert.Null(authority.Uri);
        Assert.Equal(new DateTimeOffset(2021, 3, 7, 3, 20, 29, TimeSpan.Zero), authority.ValidFor.Start);
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 22, 59, 59, 500, TimeSpan.Zero), authority.ValidFor.End);
        Assert.Equal(_fulcio.CtLog.LogId, Assert.Single(root.CertificateTransparencyLogs).LogId);
        Assert.Empty(root.TransparencyLogs);
    }

    [Fact]
    public void NotJsonIsRefused()
    {
        var message = Assert.Throws<FormatException>(() => TrustedRootJson.Parse("{\"mediaType\":"u8)).Message;

        Assert.StartsWith("failed to proto-json unmarshal trusted root: ", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void OtherMediaTypeIsRefused()
    {
        var json = Json();
        json["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.2";

        Assert.Equal("unsupported TrustedRoot media type: application/vnd.dev.sigstore.trustedroot+json;version=0.2", Refusal(json));
    }

    [Fact]
    public void MissingMediaTypeIsRefused()
    {
        var json = Json();
        json.Remove("mediaType");

        Assert.Equal("unsupported TrustedRoot media type: ", Refusal(json));
    }

    [Fact]
    public void AuthorityWithoutChainIsRefused()
    {
        var json = Json();
        json["certificateAuthorities"]![0]!.AsObject().Remove("certChain");

        Assert.Equal("CertificateAuthority missing cert chain", Refusal(json));
    }

    [Fact]
    public void AuthorityWithEmptyChainIsRefused()
    {
        var json = Json();
        json["certificateAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray();

        Assert.Equal("CertificateAuthority cert chain is empty", Refusal(json));
    }

    [Fact]
    public void AuthorityWithUnparsableCertificateIsRefused()
    {
        var json = Json();
        json["certificateAuthorities"]![0]!["certChain"]!["certificates"]![0]!["rawBytes"] = Convert.ToBase64String("not a certificate"u8);

        Assert.StartsWith("failed to parse certificate for https://fulcio.invalid ", Refusal(json));
    }

    [Fact]
    public void LogWithoutLogIdIsRefused()
    {
        var json = Json();
        json["tlogs"]![0]!.AsObject().Remove("logId");

        Assert.Equal("tlog missing log ID", Refusal(json));
    }

    [Fact]
    public void LogWithoutKeyIdIsRefused()
    {
        var json = Json();
        json["ctlogs"]![0]!["logId"] = new JsonObject();

        Assert.Equal("tlog missing log ID key ID", Refusal(json));
    }

    [Fact]
    public void LogWithoutPublicKeyIsRefused()
    {
        var json = Json();
        json["tlogs"]![0]!.AsObject().Remove("publicKey");

        Assert.Equal("tlog missing public key", Refusal(json));
    }

    [Fact]
    public void LogWithoutValidityIsRefused()
    {
        var json = Json();
        json["ctlogs"]![0]!["publicKey"]!.AsObject().Remove("validFor");

        Assert.Equal("tlog missing public key validity period", Refusal(json));
    }

    [Fact]
    public void LogWithoutValidityStartIsRefused()
    {
        var json = Json();
        json["ctlogs"]![0]!["publicKey"]!["validFor"] = new JsonObject { ["end"] = "2030-01-01T00:00:00Z" };

        Assert.Equal("tlog missing public key validity period start time", Refusal(json));
    }

    [Fact]
    public void LogWithOtherHashAlgorithmIsRefused()
    {
        var json = Json();
        json["tlogs"]![0]!["hashAlgorithm"] = "SHA2_384";

        Assert.Equal("unsupported tlog hash algorithm: SHA2_384", Refusal(json));
    }

    [Fact]
    public void LogWithUnknownKeyTypeIsRefused()
    {
        var json = Json();
        json["tlogs"]![0]!["publicKey"]!["keyDetails"] = "PKIX_DSA";

        Assert.Equal("unsupported tlog public key type: PKIX_DSA", Refusal(json));
    }

    [Fact]
    public void LogKeyOfAnotherFamilyIsRefused()
    {
        var json = Json();
        json["tlogs"]![0]!["publicKey"]!["keyDetails"] = "PKIX_ED25519";

        Assert.Equal("tlog public key is not Ed25519: PKIX_ED25519", Refusal(json));
    }

    [Fact]
    public void InvalidTimestampIsRefused()
    {
        var json = Json();
        json["certificateAuthorities"]![0]!["validFor"]!["start"] = "yesterday";

        Assert.Equal("failed to proto-json unmarshal trusted root: invalid google.protobuf.Timestamp value \"yesterday\"", Refusal(json));
    }
}
