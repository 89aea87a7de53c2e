using System.Security.Cryptography;
using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

/// <summary>A cosign tag-based signature made with the private Fulcio and Rekor, verified and broken every way.</summary>
public sealed class LegacySignatureVerifierTests : IDisposable
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string San = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private static readonly DateTimeOffset Signed = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PrivateFulcio _fulcio = PrivateFulcio.Create(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly PrivateRekor _rekor = PrivateRekor.Create();
    private readonly LegacySignatureBuilder _builder;
    private readonly TrustedRoot _root;

    public LegacySignatureVerifierTests()
    {
        _builder = new LegacySignatureBuilder(_fulcio, _rekor);
        _root = _fulcio.TrustedRoot(_rekor.LogKey);
    }

    public void Dispose() => _fulcio.Dispose();

    private static IReadOnlyList<CertificateIdentity> Identities(string regex = "^https://github\\.com/acme/") =>
        GoRegex.TryCompile(regex, out var compiled, out var error) ? [new(Issuer, compiled)] : throw new ArgumentException(error);

    [Fact]
    public void A_keyless_signature_verifies_with_identity_issuer_and_integrated_time()
    {
        var verified = LegacySignatureVerifier.Verify([Layer(Options())], Digest, _root, Identities());

        Assert.Equal(San, verified.Identity);
        Assert.Equal(Issuer, verified.Issuer);
        Assert.Equal(Signed, verified.OldestIntegratedTime);
    }

    [Fact]
    public void One_verifying_layer_is_enough()
    {
        var verified = LegacySignatureVerifier.Verify([Layer(Options() with { ClaimedDigest = OtherDigest }), Layer(Options())], Digest, _root, Identities());

        Assert.Equal(San, verified.Identity);
    }

    private const string OtherDigest = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    public static TheoryData<string, LegacySignOptions, string> Refusals => new()
    {
        { "claimed digest", new LegacySignOptions(ClaimedDigest: OtherDigest), $"invalid or missing digest in claim: {OtherDigest}" },
        { "payload type", new LegacySignOptions(PayloadType: "atomic container signature"), "unexpected simple-signing payload type \"atomic container signature\", want \"cosign container image signature\"" },
        { "bad set", new LegacySignOptions(Rekor: RekorEntryMode.BadSet), "unable to verify SET" },
        { "no sct", new LegacySignOptions(Sct: SctMode.None), "only able to verify 0 SCT entries; unable to meet threshold of 1" },
        { "expired at integration", new LegacySignOptions(CertificateNotBefore: TimeSpan.FromHours(-1)), "failed to verify leaf certificate: leaf certificate verification failed" },
        { "foreign signature", new LegacySignOptions(ForeignSignature: true), PayloadSignature.Invalid },
        { "logged hash", new LegacySignOptions(LoggedPayloadHash: new string('0', 64)), "matching bundle to payload: bundle hash " + new string('0', 64) + " does not match payload hash " },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses(string why, LegacySignOptions options, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => LegacySignatureVerifier.Verify([Layer(options)], Digest, _root, Identities()));

        Assert.True(error is SignatureVerificationException, why);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_key_based_signature_is_refused_with_the_reference_text()
    {
        var error = Assert.Throws<CosignVerificationException>(() => LegacySignatureVerifier.Verify([Layer(new LegacySignOptions(KeyBased: true))], Digest, _root, Identities()));

        Assert.Equal("cosign tag signature has no certificate; key-based signatures are not supported", error.Message);
    }

    [Fact]
    public void An_identity_that_does_not_match_is_refused()
    {
        var error = Assert.Throws<SignatureVerificationException>(() => LegacySignatureVerifier.Verify([Layer(Options())], Digest, _root, Identities("^https://github\\.com/example/.*$")));

        Assert.Equal($"failed to verify certificate identity: no matching CertificateIdentity found, last error: expected SAN value to match regex \"^https://github\\.com/example/.*$\", got \"{San}\"", error.Message);
    }

    [Fact]
    public void A_log_the_trusted_root_does_not_know_is_refused()
    {
        var root = _fulcio.TrustedRoot(PrivateRekor.Create().LogKey);

        var error = Assert.Throws<SignatureVerificationException>(() => LegacySignatureVerifier.Verify([Layer(Options())], Digest, root, Identities()));

        Assert.Equal("rekor log public key not found for payload", error.Message);
    }

    private static LegacySignOptions Options() => LegacySignOptions.Valid;

    private LegacySignatureLayerContent Layer(LegacySignOptions options)
    {
        var layer = _builder.Sign("ghcr.io/acme/app", Digest, San, Issuer, Signed, options);
        var descriptor = new Descriptor(LegacySignature.PayloadMediaType, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer.Payload)), layer.Payload.Length, Annotations: layer.Annotations);
        return new LegacySignatureLayerContent(descriptor, layer.Payload);
    }
}
