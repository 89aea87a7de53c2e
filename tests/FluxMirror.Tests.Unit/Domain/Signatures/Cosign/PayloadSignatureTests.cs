using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

public sealed class PayloadSignatureTests
{
    private static readonly byte[] Payload = "{\"critical\":{}}"u8.ToArray();

    [Fact]
    public void An_ecdsa_p256_signature_over_the_payload_bytes_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = SelfSigned(new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256));

        PayloadSignature.Verify(leaf, Payload, key.SignData(Payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void An_rsa_signature_verifies()
    {
        using var key = RSA.Create(2048);
        using var leaf = SelfSigned(new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        PayloadSignature.Verify(leaf, Payload, key.SignData(Payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void A_signature_over_other_bytes_or_by_another_key_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = SelfSigned(new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256));

        var tampered = Assert.Throws<SignatureVerificationException>(() =>
            PayloadSignature.Verify(leaf, [.. Payload, 0x20], key.SignData(Payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
        var foreign = Assert.Throws<SignatureVerificationException>(() =>
            PayloadSignature.Verify(leaf, Payload, other.SignData(Payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));

        Assert.Equal("failed to verify signature: invalid signature when validating ASN.1 encoded signature", tampered.Message);
        Assert.Equal(tampered.Message, foreign.Message);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request) =>
        request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
}
