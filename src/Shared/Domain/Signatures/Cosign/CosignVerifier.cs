using System.Security.Cryptography;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Keyless cosign verification of a source tag as the reference does it (§6): resolve the tag, find a Sigstore
/// bundle (v0.3 or later) among the referrers of its digest, verify it against the trusted root, the tag's digest
/// and the configured identities, then enforce <c>minAge</c> on the oldest verified integrated time.
/// </summary>
public sealed class CosignVerifier(
    RegistryClient registry,
    ITrustedRootSource roots,
    IReadOnlyList<CertificateIdentity> identities,
    TimeSpan? minAge,
    TimeProvider time) : ITagSignatureVerifier
{
    public const string Provider = VerifySpec.ProviderCosign;

    /// <summary>Bundles are a few KiB; a bigger "bundle" layer is refused rather than buffered.</summary>
    private const int MaxBundleBytes = 16 * 1024 * 1024;

    /// <summary>Every bundle version's layer media type starts so (<c>…bundle.v0.3+json</c>, <c>…bundle+json;version=0.3</c>).</summary>
    private const string BundleMediaTypePrefix = "application/vnd.dev.sigstore.bundle";

    public async Task<CosignVerification> VerifyAsync(RepositoryRef source, string tag, CancellationToken ct)
    {
        var reference = source.WithReference(tag);
        var digest = await ResolveAsync(source, tag, reference, ct).ConfigureAwait(false);
        var bundle = await FindBundleAsync(source, digest, ct).ConfigureAwait(false);
        if (bundle is not null && bundle.Version < new Version(0, 3))
        {
            throw new CosignVerificationException("unsupported sigstore bundle version: minimum v0.3 required");
        }

        // Without a bundle among the referrers, a cosign tag-based signature (sha256-<hex>.sig) is looked for (#66).
        var legacy = bundle is null ? await new LegacySignatureFetcher(registry).FetchAsync(source, digest, ct).ConfigureAwait(false) : [];
        if (bundle is null && legacy.Count == 0)
        {
            throw new CosignVerificationException("no sigstore bundle found in referrers");
        }

        var root = await roots.GetAsync(ct).ConfigureAwait(false);
        VerifiedSignature signature;
        try
        {
            signature = bundle is null
                ? LegacySignatureVerifier.Verify(legacy, digest, root, identities)
                : SigstoreBundleVerifier.Verify(bundle, root, digest, identities);
        }
        catch (SignatureVerificationException ex)
        {
            throw new CosignVerificationException($"signature verification failed: {ex.Message}", ex);
        }

        var info = new VerificationInfo(Provider, signature.Issuer, signature.Identity, signature.OldestIntegratedTime);
        EnforceMinAge(digest, info);
        return new CosignVerification(digest, signature, info);
    }

    private async Task<string> ResolveAsync(RepositoryRef source, string tag, string reference, CancellationToken ct)
    {
        try
        {
            // remote.Get: a GET of the manifest (a missing tag reads as the registry's MANIFEST_UNKNOWN error).
            return (await registry.GetManifestAsync(source, tag, ct).ConfigureAwait(false)).Digest;
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            throw new CosignVerificationException($"fetch descriptor for {GoQuote.Quote(reference)}: {ex.Message}", ex);
        }
    }

    /// <summary>The first referrer that is a bundle: a manifest with exactly one layer of a bundle media type; null when none is.</summary>
    private async Task<SigstoreBundle?> FindBundleAsync(RepositoryRef source, string digest, CancellationToken ct)
    {
        var subject = source.WithReference(digest);
        IReadOnlyList<Descriptor> referrers;
        try
        {
            referrers = await registry.ListReferrersAsync(source, digest, ct).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new CosignVerificationException($"read referrers index for {subject}: {ex.Message}", ex);
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            throw new CosignVerificationException($"list referrers for {subject}: {ex.Message}", ex);
        }

        foreach (var referrer in referrers)
        {
            if (await BundleLayerOfAsync(source, referrer, ct).ConfigureAwait(false) is not { } layer)
            {
                continue;
            }

            var json = await ReadLayerAsync(source, layer, ct).ConfigureAwait(false);
            try
            {
                return SigstoreBundleJson.Parse(json);
            }
            catch (FormatException ex)
            {
                throw new CosignVerificationException($"parse sigstore bundle: {ex.Message}", ex);
            }
        }

        return null;
    }

    /// <summary>
    /// The bundle layer of <paramref name="referrer"/>, or null when it is not a bundle. A referrer that cannot be
    /// read as an image (an index, a deleted manifest) is passed over like the reference's <c>remote.Image</c> miss.
    /// </summary>
    private async Task<Descriptor?> BundleLayerOfAsync(RepositoryRef source, Descriptor referrer, CancellationToken ct)
    {
        ParsedManifest manifest;
        try
        {
            var blob = await registry.GetManifestAsync(source, referrer.Digest, ct).ConfigureAwait(false);
            if (blob.IsIndex)
            {
                return null;
            }

            manifest = blob.Parse();
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            return null;
        }

        return manifest.Layers is [{ } layer] && layer.MediaType.StartsWith(BundleMediaTypePrefix, StringComparison.Ordinal)
            ? layer
            : null;
    }

    private async Task<byte[]> ReadLayerAsync(RepositoryRef source, Descriptor layer, CancellationToken ct)
    {
        try
        {
            await using var stream = await registry.OpenBlobAsync(source, layer.Digest, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBundleBytes)
                {
                    throw new InvalidDataException($"layer {layer.Digest} exceeds {MaxBundleBytes} bytes");
                }
            }

            var bytes = buffer.ToArray();
            var actual = Digest.FromHash(SHA256.HashData(bytes));
            if (actual != layer.Digest)
            {
                // go-containerregistry's verifying reader says it this way.
                throw new InvalidDataException($"error verifying sha256 checksum after reading {bytes.Length} bytes; got {GoQuote.Quote(actual)}, want {GoQuote.Quote(layer.Digest)}");
            }

            return bytes;
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            throw new CosignVerificationException($"read sigstore bundle layer: {ex.Message}", ex);
        }
    }

    private void EnforceMinAge(string digest, VerificationInfo info)
    {
        if (minAge is not { } required || required <= TimeSpan.Zero)
        {
            return;
        }

        if (info.IntegratedTime is not { } integrated)
        {
            throw new CosignVerificationException("cannot enforce minAge: no verified transparency log integrated timestamps found in signature bundle");
        }

        var age = time.GetUtcNow() - integrated;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        if (age >= required)
        {
            return;
        }

        var ageText = GoDuration.Format(RoundToSecond(age));
        var minAgeText = GoDuration.Format(required);
        throw new SignatureTooNewException(
            digest,
            info with { Age = ageText, MinAge = minAgeText },
            $"signature age ({ageText}) is less than the required minAge ({minAgeText}); signature was integrated at {Rfc3339(integrated)}");
    }

    /// <summary>Go's <c>Duration.Round(time.Second)</c>: halves round away from zero (age is never negative here).</summary>
    private static TimeSpan RoundToSecond(TimeSpan age) =>
        TimeSpan.FromTicks((age.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);

    /// <summary>Go's <c>time.RFC3339</c> of a UTC time: whole seconds and <c>Z</c>.</summary>
    internal static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Anything but the caller's own cancellation is a verification failure with a message.</summary>
    private static bool IsFailure(Exception ex, CancellationToken ct) => ex is not OperationCanceledException || !ct.IsCancellationRequested;
}
