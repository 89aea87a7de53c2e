using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

/// <summary>
/// The bundle verifier against a private Sigstore in memory: one valid bundle of each kind, then each way a bundle
/// can be wrong, each refused with sigstore-go's text (the part after the reference's
/// <c>signature verification failed: </c>).
/// </summary>
public sealed class SigstoreBundleVerifierTests : IDisposable
{
    private const string Digest = "sha256:0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526272829";
    private const string OtherDigest = "sha256:ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string San = "https://github.com/example/app/.github/workflows/release.yml@refs/tags/v1.0.0";

    private readonly PrivateSigstore _sigstore = PrivateSigstore.Create();

    public void Dispose() => _sigstore.Dispose();

    [Fact]
    public void Verifies_a_message_signature_and_reports_the_certificate_identity_and_integrated_time()
    {
        var integrated = DateTimeOffset.UtcNow.AddHours(-3);
        var bundle = Sign(new SignOptions { IntegratedTime = integrated });

        var verified = SigstoreBundleVerifier.Verify(bundle, _sigstore.TrustedRoot, Digest, [Identity(Issuer, "^https://github\\.com/example/")]);

        Assert.Equal(San, verified.Identity);
        Assert.Equal(Issuer, verified.Issuer);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(integrated.ToUnixTimeSeconds()), verified.OldestIntegratedTime);
    }

    [Fact]
    public void Verifies_a_dsse_envelope_whose_statement_names_the_digest()
    {
        var verified = SigstoreBundleVerifier.Verify(Sign(new SignOptions { Dsse = true }), _sigstore.TrustedRoot, Digest, [Identity(Issuer, ".*")]);

        Assert.Equal(San, verified.Identity);
    }

    [Fact]
    public void Accepts_the_signature_when_any_one_of_the_identities_matches()
    {
        var verified = SigstoreBundleVerifier.Verify(Sign(), _sigstore.TrustedRoot, Digest,
            [Identity("https://accounts.google.com", ".*"), Identity(Issuer, "^https://github\\.com/example/app/")]);

        Assert.Equal(Issuer, verified.Issuer);
    }

    [Fact]
    public void Refuses_a_subject_that_matches_no_identity()
    {
        AssertRefused(Sign(), "failed to verify certificate identity: no matching CertificateIdentity found, last error: " +
            $"expected SAN value to match regex \"^https://github\\.com/other/.*$\", got \"{San}\"",
            Identity(Issuer, "^https://github\\.com/other/.*$"));
    }

    [Fact]
    public void Refuses_a_certificate_of_another_issuer()
    {
        AssertRefused(Sign(), "failed to verify certificate identity: no matching CertificateIdentity found, last error: " +
            $"expected issuer value \"https://accounts.google.com\", got \"{Issuer}\"",
            Identity("https://accounts.google.com", ".*"));
    }

    [Fact]
    public void Refuses_a_signature_over_another_digest()
    {
        AssertRefused(Sign(new SignOptions { SignedDigest = OtherDigest }), "failed to verify signature: artifact does not match digest");
    }

    [Fact]
    public void Refuses_a_dsse_statement_about_another_digest()
    {
        AssertRefused(Sign(new SignOptions { Dsse = true, SignedDigest = OtherDigest }),
            "failed to verify signature: provided artifact digest does not match any digest in statement");
    }

    [Fact]
    public void Refuses_a_bundle_whose_digest_was_changed_after_it_was_logged()
    {
        var signed = Sign(new SignOptions { SignedDigest = OtherDigest });
        var tampered = signed with { MessageSignature = signed.MessageSignature! with { Digest = Convert.FromHexString(Digest[7..]) } };

        AssertRefused(tampered, $"failed to verify log inclusion: transparency log hashedrekord entry digest {OtherDigest[7..]} does not match artifact {Digest[7..]}");
    }

    [Fact]
    public void Refuses_a_signature_that_is_not_the_one_the_log_recorded()
    {
        var signed = Sign();
        var other = Sign();
        var swapped = signed with { MessageSignature = signed.MessageSignature! with { Signature = other.MessageSignature!.Signature } };

        AssertRefused(swapped, "failed to verify log inclusion: transparency log signature does not match");
    }

    [Fact]
    public void Refuses_a_certificate_that_had_expired_when_the_log_integrated_the_signature()
    {
        AssertRefused(Sign(new SignOptions { CertificateExpiredAtIntegration = true }),
            "failed to verify log inclusion: integrated time outside certificate validity");
    }

    [Fact]
    public void Refuses_a_certificate_without_a_signed_certificate_timestamp()
    {
        AssertRefused(Sign(new SignOptions { Sct = SctMode.None }),
            "failed to verify signed certificate timestamp: only able to verify 0 SCT entries; unable to meet threshold of 1");
    }

    [Fact]
    public void Refuses_a_certificate_no_trusted_authority_issued()
    {
        using var other = PrivateSigstore.Create();
        var root = _sigstore.TrustedRoot with { CertificateAuthorities = other.TrustedRoot.CertificateAuthorities };

        AssertRefused(Sign(), "failed to verify leaf certificate: leaf certificate verification failed", root);
    }

    [Fact]
    public void Refuses_an_inclusion_proof_that_does_not_lead_to_the_signed_root()
    {
        var error = Assert.Throws<SignatureVerificationException>(() =>
            SigstoreBundleVerifier.Verify(Sign(new SignOptions { Rekor = RekorEntryMode.BadInclusionProof }), _sigstore.TrustedRoot, Digest, [Identity(Issuer, ".*")]));

        // The proof's text is the log verifier's (with both hashes); the bundle verifier adds sigstore-go's step.
        Assert.Matches("^failed to verify log inclusion: root hash at size [0-9]+ mismatched: computed [0-9a-f]{64}, expected [0-9a-f]{64}$", error.Message);
    }

    [Fact]
    public void Passes_over_an_entry_whose_signed_entry_timestamp_does_not_verify_leaving_none()
    {
        var signed = Sign(new SignOptions { Rekor = RekorEntryMode.BadSet });
        var withoutProof = signed with { TlogEntries = [signed.TlogEntries[0] with { InclusionProof = null }] };

        AssertRefused(withoutProof, "failed to verify log inclusion: not enough verified log entries from transparency log: 0 < 1");
    }

    [Fact]
    public void Passes_over_a_bad_signed_entry_timestamp_even_when_the_inclusion_proof_is_good()
    {
        AssertRefused(Sign(new SignOptions { Rekor = RekorEntryMode.BadSet }),
            "failed to verify log inclusion: not enough verified log entries from transparency log: 0 < 1");
    }

    [Fact]
    public void Passes_over_an_entry_of_a_log_the_trusted_root_does_not_list()
    {
        var root = _sigstore.TrustedRoot with { TransparencyLogs = [] };

        AssertRefused(Sign(), "failed to verify log inclusion: not enough verified log entries from transparency log: 0 < 1", root);
    }

    [Fact]
    public void Refuses_an_entry_with_only_an_inclusion_proof_for_want_of_an_integrated_time()
    {
        AssertRefused(Sign(new SignOptions { Rekor = RekorEntryMode.ProofOnly }),
            "failed to verify timestamps: threshold not met for verified log entry integrated timestamps: 0 < 1");
    }

    private SigstoreBundle Sign(SignOptions? options = null) => _sigstore.Sign(Digest, San, Issuer, options ?? SignOptions.Valid);

    private void AssertRefused(SigstoreBundle bundle, string expected, params CertificateIdentity[] identities) =>
        AssertRefused(bundle, expected, _sigstore.TrustedRoot, identities);

    private static void AssertRefused(SigstoreBundle bundle, string expected, TrustedRoot root, params CertificateIdentity[] identities)
    {
        var error = Assert.Throws<SignatureVerificationException>(() =>
            SigstoreBundleVerifier.Verify(bundle, root, Digest, identities.Length > 0 ? identities : [Identity(Issuer, ".*")]));
        Assert.Equal(expected, error.Message);
    }

    private static CertificateIdentity Identity(string issuer, string subject) =>
        new(issuer, GoRegex.TryCompile(subject, out var regex, out var error) ? regex : throw new ArgumentException(error));
}
