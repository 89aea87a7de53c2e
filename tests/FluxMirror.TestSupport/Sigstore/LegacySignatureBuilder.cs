using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// Signs a manifest digest the way cosign did before bundles (keyless): a leaf from <see cref="PrivateFulcio"/>, a
/// hashedrekord entry with a SET from <see cref="PrivateRekor"/>, and the annotations cosign writes on the
/// simple-signing layer; <see cref="PushAsync"/> pushes the <c>sha256-&lt;hex&gt;.sig</c> manifest.
/// </summary>
public sealed class LegacySignatureBuilder(PrivateFulcio fulcio, PrivateRekor rekor)
{
    public LegacySignatureLayer Sign(string dockerReference, string manifestDigest, string san, string issuer, DateTimeOffset integratedTime, LegacySignOptions? options = null)
    {
        options ??= LegacySignOptions.Valid;
        var payload = SimpleSigningPayloads.Create(dockerReference, options.ClaimedDigest ?? manifestDigest, options.PayloadType);
        using var certificate = fulcio.Issue(san, issuer, integratedTime + (options.CertificateNotBefore ?? TimeSpan.FromMinutes(-1)), sct: options.Sct);
        using var foreign = options.ForeignSignature ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var signature = (foreign ?? certificate.Key).SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var body = RekorBodies.HashedRekord(signature, certificate.Pem, options.LoggedPayloadHash ?? Convert.ToHexStringLower(SHA256.HashData(payload)));
        var entry = rekor.Append(body, "hashedrekord", "0.0.1", integratedTime, options.Rekor);
        var annotations = new Dictionary<string, string>
        {
            ["dev.cosignproject.cosign/signature"] = Convert.ToBase64String(signature),
            ["dev.sigstore.cosign/bundle"] = BundleJson(entry),
        };
        if (!options.KeyBased)
        {
            annotations["dev.sigstore.cosign/certificate"] = certificate.Pem;
            annotations["dev.sigstore.cosign/chain"] = fulcio.IntermediateCertificate.ExportCertificatePem() + "\n" + fulcio.RootCertificate.ExportCertificatePem();
        }

        return new LegacySignatureLayer(payload, annotations);
    }

    public static Task<SeededImage> PushAsync(RegistrySeeder registry, string repository, string manifestDigest, IReadOnlyList<LegacySignatureLayer> layers, CancellationToken ct = default) =>
        LegacySignatureManifest.PushAsync(registry, repository, manifestDigest, layers, ct);

    // cosign's RekorBundle: SignedEntryTimestamp and body base64, logID hex.
    private static string BundleJson(FluxMirror.Domain.Signatures.Sigstore.TlogEntry entry) => new JsonObject
    {
        ["SignedEntryTimestamp"] = Convert.ToBase64String(entry.SignedEntryTimestamp ?? []),
        ["Payload"] = new JsonObject
        {
            ["body"] = Convert.ToBase64String(entry.CanonicalizedBody),
            ["integratedTime"] = entry.IntegratedTime,
            ["logIndex"] = entry.LogIndex,
            ["logID"] = Convert.ToHexStringLower(entry.LogId),
        },
    }.ToJsonString();
}
