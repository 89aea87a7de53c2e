using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class SigningCertificateVerifierTests : IDisposable
{
    private const string Workflow = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private static readonly DateTimeOffset ValidFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Issued = ValidFrom.AddDays(30);
    private readonly PrivateFulcio _fulcio = PrivateFulcio.Create(ValidFrom);

    public void Dispose() => _fulcio.Dispose();

    private static string Refusal(Action verify) => Assert.Throws<SignatureVerificationException>(verify).Message;

    [Fact]
    public void LeafChainsToTheAuthorityAtTheIntegratedTime()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);

        using var verified = SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(1));

        Assert.Equal(signing.Certificate.RawData, verified.Leaf.RawData);
        Assert.Equal(_fulcio.IntermediateCertificate.RawData, verified.Issuer.RawData);
        Assert.Same(_fulcio.Authority, verified.Authority);
    }

    [Fact]
    public void TheSecondAuthorityIsTriedWhenTheFirstDoesNotIssue()
    {
        using var other = PrivateFulcio.Create(ValidFrom, "other");
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);
        var root = new TrustedRoot([other.Authority, _fulcio.Authority], [], [_fulcio.CtLog]);

        using var verified = SigningCertificateVerifier.Verify(signing.Certificate.RawData, root, Issued.AddMinutes(1));

        Assert.Same(_fulcio.Authority, verified.Authority);
    }

    [Fact]
    public void LeafExpiredAtTheIntegratedTimeIsRefused()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);

        Assert.Equal("leaf certificate verification failed",
            Refusal(() => SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(11))));
    }

    [Fact]
    public void LeafNotYetValidAtTheIntegratedTimeIsRefused()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);

        Assert.Equal("leaf certificate verification failed",
            Refusal(() => SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(-1))));
    }

    [Fact]
    public void LeafOfAnUntrustedAuthorityIsRefused()
    {
        using var other = PrivateFulcio.Create(ValidFrom, "other");
        using var signing = other.Issue(Workflow, Issuer, Issued);

        Assert.Equal("leaf certificate verification failed",
            Refusal(() => SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(1))));
    }

    [Fact]
    public void AuthorityWhoseValidForMissesTheIntegratedTimeIsSkipped()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);
        var retired = _fulcio.Authority with { ValidFor = new ValidityPeriod(ValidFrom, Issued) };
        var root = new TrustedRoot([retired], [], [_fulcio.CtLog]);

        Assert.Equal("leaf certificate verification failed",
            Refusal(() => SigningCertificateVerifier.Verify(signing.Certificate.RawData, root, Issued.AddMinutes(1))));
    }

    [Fact]
    public void LeafWithoutCodeSigningUsageIsRefused()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued, profile: new LeafProfile(ExtendedKeyUsages: ["1.3.6.1.5.5.7.3.1"]));

        Assert.Equal("leaf certificate verification failed",
            Refusal(() => SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(1))));
    }

    [Fact]
    public void LeafWithoutAnyExtendedKeyUsageIsAcceptedAsGoDoes()
    {
        // Go's x509 treats a certificate without the EKU extension as valid for any usage.
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued, profile: new LeafProfile(ExtendedKeyUsages: []));

        using var verified = SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(1));

        Assert.Null(verified.Leaf.Extensions["2.5.29.37"]);
    }

    [Fact]
    public void UnparsableLeafIsRefusedOnOneLine()
    {
        var message = Refusal(() => SigningCertificateVerifier.Verify("not a certificate"u8.ToArray(), _fulcio.TrustedRoot(), Issued));

        Assert.StartsWith("failed to parse leaf certificate: ", message);
        Assert.DoesNotContain('\n', message);
    }
}
