using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The bundle's signature over the artifact, checked with the leaf certificate's key (sigstore-go
/// <c>verifySignatureWithVerifierAndArtifactDigests</c>): a message signature over the digest itself (the digest
/// is the prehash: nothing is hashed again), or a DSSE envelope whose in-toto statement names the digest.
/// </summary>
internal static class ArtifactSignature
{
    private const string InTotoPayloadType = "application/vnd.in-toto+json";

    public static void Verify(SigstoreBundle bundle, X509Certificate2 leaf, ArtifactDigest artifact)
    {
        if (bundle.MessageSignature is { } message)
        {
            VerifyMessage(message, leaf, artifact);
        }
        else if (bundle.Dsse is { } envelope)
        {
            VerifyEnvelope(envelope, leaf, artifact);
        }
        else
        {
            throw new SignatureVerificationException("signature content has neither an envelope or a message");
        }
    }

    private static void VerifyMessage(MessageSignature message, X509Certificate2 leaf, ArtifactDigest artifact)
    {
        if (!message.Digest.AsSpan().SequenceEqual(artifact.Value))
        {
            throw new SignatureVerificationException("artifact does not match digest");
        }

        if (!VerifyPrehashed(leaf, message.Digest, message.Signature))
        {
            throw new SignatureVerificationException($"could not verify message: {InvalidSignature(leaf)}");
        }
    }

    private static void VerifyEnvelope(DsseEnvelope envelope, X509Certificate2 leaf, ArtifactDigest artifact)
    {
        // A Sigstore bundle's envelope carries exactly one signature, although DSSE allows more.
        if (envelope.Signatures.Count != 1)
        {
            throw new SignatureVerificationException("exactly one signature is required");
        }

        var pae = Pae(envelope.PayloadType, envelope.Payload);
        if (!VerifyPrehashed(leaf, SHA256.HashData(pae), envelope.Signatures[0]))
        {
            throw new SignatureVerificationException("could not verify envelope: accepted signatures do not match threshold, Found: 0, Expected 1");
        }

        var subjects = StatementSubjectDigests(envelope);
        if (!subjects.TryGetValue(artifact.Algorithm, out var digests))
        {
            throw new SignatureVerificationException("provided artifact digests does not match digests in statement");
        }

        if (!digests.Any(d => d.AsSpan().SequenceEqual(artifact.Value)))
        {
            throw new SignatureVerificationException("provided artifact digest does not match any digest in statement");
        }
    }

    /// <summary>DSSE pre-authentication encoding: <c>DSSEv1 &lt;len&gt; &lt;type&gt; &lt;len&gt; &lt;payload&gt;</c>.</summary>
    internal static byte[] Pae(string payloadType, byte[] payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {payload.Length} ");
        return [.. header, .. type, .. middle, .. payload];
    }

    /// <summary>The statement's subject digests by algorithm name (hex decoded), as sigstore-go maps them.</summary>
    private static Dictionary<string, List<byte[]>> StatementSubjectDigests(DsseEnvelope envelope)
    {
        const string prefix = "could not verify artifact: ";
        if (envelope.PayloadType != InTotoPayloadType)
        {
            throw new SignatureVerificationException(prefix + "unable to extract statement from envelope: validation error: unsupported media type");
        }

        var byAlgorithm = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        try
        {
            using var statement = JsonDocument.Parse(envelope.Payload);
            if (!statement.RootElement.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
            {
                return byAlgorithm;
            }

            foreach (var subject in subjects.EnumerateArray())
            {
                if (!subject.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var entry in digest.EnumerateObject())
                {
                    if (!byAlgorithm.TryGetValue(entry.Name, out var list))
                    {
                        byAlgorithm[entry.Name] = list = [];
                    }

                    list.Add(Convert.FromHexString(entry.Value.GetString() ?? ""));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new SignatureVerificationException(prefix + "unable to extract statement from envelope: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
        catch (FormatException ex)
        {
            throw new SignatureVerificationException(prefix + "unable to decode subject digest: " + ex.Message, ex);
        }

        return byAlgorithm;
    }

    /// <summary>ECDSA (ASN.1 DER signature) or RSA PKCS#1 v1.5 over a SHA-256 hash already computed.</summary>
    private static bool VerifyPrehashed(X509Certificate2 leaf, byte[] hash, byte[] signature)
    {
        if (leaf.GetECDsaPublicKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                return ecdsa.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence);
            }
        }

        if (leaf.GetRSAPublicKey() is { } rsa)
        {
            using (rsa)
            {
                return rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }

        throw new SignatureVerificationException("could not verify message: unsupported public key type");
    }

    /// <summary>sigstore's verifiers' texts for a signature that does not verify.</summary>
    private static string InvalidSignature(X509Certificate2 leaf) =>
        leaf.GetKeyAlgorithm() == "1.2.840.113549.1.1.1" ? "crypto/rsa: verification error" : "invalid signature when validating ASN.1 encoded signature";
}
