using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class RekorEntryBodyTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static readonly string Digest = new string('0', 62) + "ab";

    [Fact]
    public void A_hashedrekord_body_is_written_canonically_and_read_back()
    {
        var body = RekorBodies.HashedRekord([9, 8, 7], Pem, Digest);

        Assert.Equal(
            "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + Digest +
            "\"}},\"signature\":{\"content\":\"CQgH\",\"publicKey\":{\"content\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Pem)) + "\"}}}}",
            Encoding.UTF8.GetString(body));
        var parsed = Assert.IsType<HashedRekordBody>(RekorEntryBody.Parse(body));
        Assert.Equal([9, 8, 7], parsed.Signature);
        Assert.Equal(Pem, Encoding.UTF8.GetString(parsed.PublicKeyPem));
        Assert.Equal("sha256", parsed.HashAlgorithm);
        Assert.Equal(Digest, parsed.HashHex);
        Assert.Equal(("hashedrekord", "0.0.1"), (parsed.Kind, parsed.ApiVersion));
        Assert.Equal(parsed.Signature, parsed.FirstSignature);
        Assert.Equal(parsed.PublicKeyPem, parsed.FirstVerifierPem);
    }

    [Fact]
    public void A_dsse_body_is_written_canonically_with_sorted_signatures_and_read_back()
    {
        var envelope = new DsseEnvelope("application/vnd.in-toto+json", "{\"_type\":\"x\"}"u8.ToArray(), [[0xff], [0x01]]);
        var body = RekorBodies.Dsse(envelope, Pem);

        var text = Encoding.UTF8.GetString(body);
        Assert.StartsWith("{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"", text, StringComparison.Ordinal);
        Assert.Contains("\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"", text, StringComparison.Ordinal);
        var parsed = Assert.IsType<DsseEntryBody>(RekorEntryBody.Parse(body));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(envelope.Payload)), parsed.PayloadHashHex);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(RekorBodies.EnvelopeJson(envelope))), parsed.EnvelopeHashHex);
        // Rekor orders signatures by their base64 text: "/w==" (0xff) before "AQ==" (0x01).
        Assert.Equal([[0xff], [0x01]], parsed.Signatures.Select(s => s.Signature));
        Assert.All(parsed.Signatures, s => Assert.Equal(Pem, Encoding.UTF8.GetString(s.VerifierPem)));
        Assert.Equal([0xff], parsed.FirstSignature);
        Assert.Equal(("dsse", "0.0.1"), (parsed.Kind, parsed.ApiVersion));
    }

    [Fact]
    public void Keys_in_any_order_and_sha512_digests_are_read()
    {
        var digest = new string('f', 128);
        var body = "{\"spec\":{\"signature\":{\"publicKey\":{\"content\":\"QQ==\"},\"content\":\"AQ==\"},\"data\":{\"hash\":{\"value\":\"" + digest +
                   "\",\"algorithm\":\"sha512\"}}},\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\"}";
        var parsed = Assert.IsType<HashedRekordBody>(RekorEntryBody.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(("sha512", digest), (parsed.HashAlgorithm, parsed.HashHex));
    }

    [Theory]
    [InlineData("not json", "invalid entry body JSON: ")]
    [InlineData("[]", "entry body is not a JSON object")]
    [InlineData("{\"apiVersion\":\"0.0.1\",\"spec\":{}}", "kind in body is required")]
    [InlineData("{\"kind\":\"hashedrekord\",\"spec\":{}}", "apiVersion in body is required")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\"}", "spec in body is required")]
    [InlineData("{\"kind\":\"rekord\",\"apiVersion\":\"0.0.1\",\"spec\":{}}", "unsupported entry kind rekord 0.0.1")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.2\",\"spec\":{}}", "hashedrekord entry has unsupported apiVersion 0.0.2")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{}}", "signature in body is required")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"%%\"}}}", "signature.content in body must be of type byte: \"%%\"")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"AQ==\"}}}", "signature.publicKey in body is required")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"AQ==\",\"publicKey\":{\"content\":\"AQ==\"}}}}", "data in body is required")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"AQ==\",\"publicKey\":{\"content\":\"AQ==\"}},\"data\":{\"hash\":{\"algorithm\":\"md5\",\"value\":\"00\"}}}}", "data.hash.algorithm in body should be one of [sha256 sha384 sha512]")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"AQ==\",\"publicKey\":{\"content\":\"AQ==\"}},\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"00\"}}}}", "data.hash.value in body should be 64 hexadecimal characters")]
    [InlineData("{\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{}}", "payloadHash in body is required")]
    [InlineData("{\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"0000000000000000000000000000000000000000000000000000000000000000\"},\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"0000000000000000000000000000000000000000000000000000000000000000\"},\"signatures\":[]}}", "signatures in body is required")]
    [InlineData("{\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"0000000000000000000000000000000000000000000000000000000000000000\"},\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"0000000000000000000000000000000000000000000000000000000000000000\"},\"signatures\":[{\"signature\":\"AQ==\"}]}}", "signatures.0.verifier in body is required")]
    public void A_malformed_body_is_refused_with_a_one_line_reason(string body, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RekorEntryBody.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
