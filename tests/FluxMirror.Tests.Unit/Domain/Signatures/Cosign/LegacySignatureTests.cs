using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

/// <summary>Reading one <c>.sig</c> layer's annotations, and every refusal with its exact text.</summary>
public sealed class LegacySignatureTests
{
    private const string LayerDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly byte[] SignatureBytes = [9, 8, 7];

    [Fact]
    public void Reads_signature_leaf_chain_and_bundle()
    {
        using var leaf = Certificate("CN=leaf");
        using var intermediate = Certificate("CN=intermediate");
        using var root = Certificate("CN=root");

        var signature = LegacySignature.Read(Layer(Annotations(leaf.ExportCertificatePem(), intermediate.ExportCertificatePem() + "\n" + root.ExportCertificatePem())));

        Assert.Equal(LayerDigest, signature.LayerDigest);
        Assert.Equal(SignatureBytes, signature.Signature);
        Assert.Equal(leaf.RawData, signature.CertificateDer);
        Assert.Equal([intermediate.RawData, root.RawData], signature.ChainDer);
        Assert.Equal(77, signature.Bundle.LogIndex);
    }

    [Fact]
    public void A_missing_chain_is_an_empty_chain()
    {
        using var leaf = Certificate("CN=leaf");

        Assert.Empty(LegacySignature.Read(Layer(Annotations(leaf.ExportCertificatePem(), chain: null))).ChainDer);
    }

    [Fact]
    public void A_key_based_signature_is_refused()
    {
        var error = Assert.Throws<CosignVerificationException>(() => LegacySignature.Read(Layer(Annotations(certificate: null))));

        Assert.Equal("cosign tag signature has no certificate; key-based signatures are not supported", error.Message);
    }

    [Theory]
    [InlineData(LegacySignature.SignatureAnnotation, null, "no dev.cosignproject.cosign/signature annotation")]
    [InlineData(LegacySignature.SignatureAnnotation, "!!", "dev.cosignproject.cosign/signature is not base64")]
    [InlineData(LegacySignature.CertificateAnnotation, "not a pem", "dev.sigstore.cosign/certificate: no certificate")]
    [InlineData(LegacySignature.BundleAnnotation, null, "no dev.sigstore.cosign/bundle annotation (a transparency log entry is required)")]
    [InlineData(LegacySignature.BundleAnnotation, "{}", "dev.sigstore.cosign/bundle: missing Payload")]
    public void A_missing_or_malformed_annotation_is_refused(string annotation, string? value, string reason)
    {
        using var leaf = Certificate("CN=leaf");
        var annotations = Annotations(leaf.ExportCertificatePem());
        if (value is null)
        {
            annotations.Remove(annotation);
        }
        else
        {
            annotations[annotation] = value;
        }

        var error = Assert.Throws<CosignVerificationException>(() => LegacySignature.Read(Layer(annotations)));

        Assert.Equal($"parse cosign tag signature {LayerDigest}: {reason}", error.Message);
    }

    private static Descriptor Layer(Dictionary<string, string> annotations) =>
        new(LegacySignature.PayloadMediaType, LayerDigest, 10, Annotations: annotations);

    private static Dictionary<string, string> Annotations(string? certificate, string? chain = null)
    {
        var annotations = new Dictionary<string, string>
        {
            [LegacySignature.SignatureAnnotation] = Convert.ToBase64String(SignatureBytes),
            [LegacySignature.BundleAnnotation] = new JsonObject
            {
                ["SignedEntryTimestamp"] = "AQID",
                ["Payload"] = new JsonObject { ["body"] = "e30=", ["integratedTime"] = 1, ["logIndex"] = 77, ["logID"] = "abcd" },
            }.ToJsonString(),
        };
        if (certificate is not null)
        {
            annotations[LegacySignature.CertificateAnnotation] = certificate;
        }

        if (chain is not null)
        {
            annotations[LegacySignature.ChainAnnotation] = chain;
        }

        return annotations;
    }

    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
    }
}
