using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// A complete private Sigstore in memory: a Fulcio-like CA with its CT log (<see cref="PrivateFulcio"/>) and a
/// Rekor-like log (<see cref="PrivateRekor"/>). Signs OCI manifest digests keylessly as cosign does and returns
/// the Sigstore bundle; its <see cref="TrustedRootJson"/> is what a verifier trusts.
/// </summary>
public sealed class PrivateSigstore : IDisposable
{
    public const string BundleMediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string BundleMediaTypeV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    private PrivateSigstore(DateTimeOffset validFrom)
    {
        Fulcio = PrivateFulcio.Create(validFrom);
        Rekor = PrivateRekor.Create(validFrom);
        TrustedRoot = Fulcio.TrustedRoot(Rekor.LogKey);
        TrustedRootJson = TrustedRootWriter.Write(TrustedRoot);
    }

    public PrivateFulcio Fulcio { get; }

    public PrivateRekor Rekor { get; }

    public TrustedRoot TrustedRoot { get; }

    /// <summary>The <c>trusted_root.json</c> of this instance (what <c>--sigstore-trusted-root</c> takes).</summary>
    public byte[] TrustedRootJson { get; }

    /// <param name="validFrom">Start of the CA's and logs' validity; signatures must be integrated after it.
    /// Default: 30 days ago.</param>
    public static PrivateSigstore Create(DateTimeOffset? validFrom = null) =>
        new(validFrom ?? DateTimeOffset.UtcNow.AddDays(-30));

    /// <summary>Signs <paramref name="manifestDigest"/> as <paramref name="san"/> (an OIDC identity of
    /// <paramref name="issuer"/>) and returns the bundle JSON.</summary>
    public byte[] SignDigest(string manifestDigest, string san, string issuer, SignOptions? options = null) =>
        BundleWriter.Write(Sign(manifestDigest, san, issuer, options ?? SignOptions.Valid));

    /// <summary>As <see cref="SignDigest"/>, the bundle as a model (for tests that alter it further).</summary>
    public SigstoreBundle Sign(string manifestDigest, string san, string issuer, SignOptions options)
    {
        var integrated = options.IntegratedTime ?? DateTimeOffset.UtcNow.AddHours(-1);
        integrated = DateTimeOffset.FromUnixTimeSeconds(integrated.ToUnixTimeSeconds());
        var notBefore = options.CertificateExpiredAtIntegration ? integrated.AddMinutes(-30) : integrated.AddMinutes(-1);
        using var signer = Fulcio.Issue(san, issuer, notBefore, TimeSpan.FromMinutes(10), options.Sct);
        var signedDigest = Convert.FromHexString(Digests.Hex(options.SignedDigest ?? manifestDigest));

        MessageSignature? message = null;
        DsseEnvelope? envelope = null;
        TlogEntry entry;
        if (options.Dsse)
        {
            var payload = Statement(signedDigest);
            var signature = signer.Key.SignData(ArtifactSignature.Pae(InTotoPayloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            envelope = new DsseEnvelope(InTotoPayloadType, payload, [signature]);
            var body = RekorBodies.Dsse(envelope, signer.Pem);
            entry = Rekor.Append(body, "dsse", "0.0.1", integrated, options.Rekor);
        }
        else
        {
            // cosign signs the digest itself: it is the prehash, nothing is hashed again.
            var signature = signer.Key.SignHash(signedDigest, DSASignatureFormat.Rfc3279DerSequence);
            message = new MessageSignature("SHA2_256", signedDigest, signature);
            var body = RekorBodies.HashedRekord(signature, signer.Pem, Convert.ToHexStringLower(signedDigest));
            entry = Rekor.Append(body, "hashedrekord", "0.0.1", integrated, options.Rekor);
        }

        return new SigstoreBundle(
            options.BundleMediaType,
            VersionOf(options.BundleMediaType),
            signer.Certificate.RawData,
            [],
            [entry],
            message,
            envelope);
    }

    /// <summary>
    /// Pushes <paramref name="bundle"/> as cosign does: an OCI 1.1 artifact (artifactType and single layer
    /// <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>, empty config) whose subject is the signed manifest,
    /// listed in the subject's referrers fallback tag unless the seeder's registry serves the referrers API.
    /// </summary>
    public static Task<SeededImage> PushBundleReferrerAsync(
        RegistrySeeder registry, string repository, string subjectDigest, byte[] bundle, CancellationToken ct = default) =>
        registry.PushReferrerAsync(repository, subjectDigest, BundleMediaTypeV03, [(bundle, BundleMediaTypeV03)], ct);

    public void Dispose()
    {
        Fulcio.Dispose();
    }

    public override string ToString() => "PrivateSigstore { keys = <redacted> }";

    /// <summary>An in-toto v1 statement whose only subject is the digest, as cosign attests an image.</summary>
    private static byte[] Statement(byte[] digest) => ImageDocuments.Serialize(new JsonObject
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = "image",
            ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(digest) },
        }),
        ["predicateType"] = "https://sigstore.dev/cosign/sign/v1",
        ["predicate"] = new JsonObject(),
    });

    private static Version VersionOf(string mediaType) => mediaType switch
    {
        BundleMediaTypeV03 or "application/vnd.dev.sigstore.bundle+json;version=0.3" => new Version(0, 3),
        BundleMediaTypeV02 => new Version(0, 2),
        _ => new Version(0, 1),
    };
}
