using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// One signature of a cosign <c>.sig</c> manifest, read from its layer's annotations: the base64 signature over the
/// layer (the simple-signing payload), the Fulcio leaf and chain (PEM) and the Rekor bundle. Only keyless signatures
/// are accepted: without a certificate there is no identity to check.
/// </summary>
public sealed record LegacySignature(string LayerDigest, byte[] Signature, byte[] CertificateDer, IReadOnlyList<byte[]> ChainDer, RekorBundleAnnotation Bundle)
{
    public const string PayloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";
    public const string BundleAnnotation = "dev.sigstore.cosign/bundle";
    public const string KeyBasedRefusal = "cosign tag signature has no certificate; key-based signatures are not supported";

    /// <summary>Reads the annotations of one <see cref="PayloadMediaType"/> layer.</summary>
    /// <exception cref="CosignVerificationException">A missing or malformed annotation, or a key-based signature.</exception>
    public static LegacySignature Read(Descriptor layer)
    {
        var annotations = layer.Annotations ?? new Dictionary<string, string>();
        var signature = Annotation(annotations, layer, SignatureAnnotation)
            ?? throw Malformed(layer, $"no {SignatureAnnotation} annotation");
        if (Annotation(annotations, layer, CertificateAnnotation) is not { } certificatePem)
        {
            throw new CosignVerificationException(KeyBasedRefusal);
        }

        var bundle = Annotation(annotations, layer, BundleAnnotation)
            ?? throw Malformed(layer, $"no {BundleAnnotation} annotation (a transparency log entry is required)");
        return new LegacySignature(
            layer.Digest,
            Decode(layer, signature),
            Certificates(layer, CertificateAnnotation, certificatePem) is [var leaf, ..] ? leaf : throw Malformed(layer, $"{CertificateAnnotation}: no certificate"),
            Annotation(annotations, layer, ChainAnnotation) is { } chain ? Certificates(layer, ChainAnnotation, chain) : [],
            ParseBundle(layer, bundle));
    }

    private static string? Annotation(IReadOnlyDictionary<string, string> annotations, Descriptor layer, string key) =>
        annotations.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static byte[] Decode(Descriptor layer, string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw Malformed(layer, $"{SignatureAnnotation} is not base64");
        }
    }

    private static List<byte[]> Certificates(Descriptor layer, string annotation, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw Malformed(layer, $"{annotation}: {ex.Message}");
        }

        try
        {
            return [.. certificates.Select(c => c.RawData)];
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static RekorBundleAnnotation ParseBundle(Descriptor layer, string json)
    {
        try
        {
            return RekorBundleAnnotation.Parse(json);
        }
        catch (FormatException ex)
        {
            throw Malformed(layer, $"{BundleAnnotation}: {ex.Message}");
        }
    }

    private static CosignVerificationException Malformed(Descriptor layer, string reason) =>
        new($"parse cosign tag signature {layer.Digest}: {reason}");
}
