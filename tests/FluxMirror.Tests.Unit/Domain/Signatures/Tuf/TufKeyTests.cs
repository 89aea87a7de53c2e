using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

/// <summary>Key forms other than the fixture's: old roots' hex EC points, raw r‖s signatures, RSASSA-PSS, unknown types.</summary>
public sealed class TufKeyTests
{
    private static readonly byte[] Message = "{\"_type\":\"timestamp\"}"u8.ToArray();

    [Fact]
    public void An_ecdsa_key_given_as_a_hex_uncompressed_point_verifies_der_and_raw_signatures()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        var key = Parse("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", Convert.ToHexStringLower([0x04, .. q.X!, .. q.Y!]));

        Assert.True(key.Verify(Message, Convert.ToHexString(ecdsa.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))));
        Assert.True(key.Verify(Message, Convert.ToHexString(ecdsa.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))));
        Assert.False(key.Verify("{}"u8.ToArray(), Convert.ToHexString(ecdsa.SignData(Message, HashAlgorithmName.SHA256))));
        Assert.False(key.Verify(Message, "not hex"));
        Assert.False(key.Verify(Message, ""));
    }

    [Fact]
    public void An_rsassa_pss_key_verifies_pss_signatures()
    {
        using var rsa = RSA.Create(2048);
        var key = Parse("rsa", "rsassa-pss-sha256", rsa.ExportSubjectPublicKeyInfoPem());

        Assert.True(key.Verify(Message, Convert.ToHexString(rsa.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))));
        Assert.False(key.Verify(Message, Convert.ToHexString(rsa.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))));
    }

    [Theory]
    [InlineData("rsa", "rsassa-pkcs1v15-sha256")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp384")]
    [InlineData("sphincs", "sphincs-shake-256f")]
    public void Unknown_key_types_and_schemes_are_ignored(string keyType, string scheme) =>
        Assert.Null(TufKey.TryParse(KeyJson(keyType, scheme, "00")));

    private static TufKey Parse(string keyType, string scheme, string publicKey) =>
        TufKey.TryParse(KeyJson(keyType, scheme, publicKey)) ?? throw new InvalidOperationException("key not parsed");

    private static JsonElement KeyJson(string keyType, string scheme, string publicKey) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["keytype"] = keyType,
        ["scheme"] = scheme,
        ["keyval"] = new JsonObject { ["public"] = publicKey },
    });
}
