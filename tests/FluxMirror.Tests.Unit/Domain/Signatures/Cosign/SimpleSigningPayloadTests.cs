using System.Text;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

public sealed class SimpleSigningPayloadTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Reads_the_critical_part_cosign_writes()
    {
        var payload = SimpleSigningPayload.Parse(SimpleSigningPayloads.Create("ghcr.io/acme/app", Digest));

        Assert.Equal(new SimpleSigningPayload("ghcr.io/acme/app", Digest, SimpleSigningPayload.CosignSignatureType), payload);
    }

    [Fact]
    public void Optional_annotations_and_unknown_fields_are_ignored()
    {
        var json = $$$"""{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"{{{Digest}}}"},"type":"t","extra":1},"optional":{"creator":"me"}}""";

        Assert.Equal(new SimpleSigningPayload("r", Digest, "t"), SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void A_missing_digest_reads_as_null_for_the_claim_check_to_refuse()
    {
        Assert.Null(SimpleSigningPayload.Parse("""{"critical":{"type":"t"}}"""u8).DockerManifestDigest);
    }

    [Fact]
    public void Invalid_json_is_a_format_error_carrying_the_parser_reason()
    {
        var error = Assert.Throws<FormatException>(() => SimpleSigningPayload.Parse("{\"critical\":"u8));

        Assert.Equal(Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false).Message, error.Message);
    }

    [Theory]
    [InlineData("[]", "no \"critical\" object")]
    [InlineData("""{"optional":{}}""", "no \"critical\" object")]
    [InlineData("""{"critical":{"image":"sha256:x"}}""", "\"critical.image\" is not an object")]
    [InlineData("""{"critical":{"image":{"docker-manifest-digest":7}}}""", "\"critical.image.docker-manifest-digest\" is not a string")]
    [InlineData("""{"critical":{"type":{}}}""", "\"critical.type\" is not a string")]
    public void Refuses_what_is_not_a_simple_signing_payload(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(message, error.Message);
    }
}
