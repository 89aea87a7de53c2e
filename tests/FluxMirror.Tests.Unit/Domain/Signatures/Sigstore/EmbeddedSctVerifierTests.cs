using System.Security.Cryptography.X509Certificates;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class EmbeddedSctVerifierTests : IDisposable
{
    private const string Workflow = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private static readonly DateTimeOffset ValidFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Issued = ValidFrom.AddDays(30);
    private readonly PrivateFulcio _fulcio = PrivateFulcio.Create(ValidFrom);

    public void Dispose() => _fulcio.Dispose();

    private VerifiedCertificate Verified(SctMode mode)
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued, sct: mode);
        return SigningCertificateVerifier.Verify(signing.Certificate.RawData, _fulcio.TrustedRoot(), Issued.AddMinutes(1));
    }

    private static string Refusal(Action verify) => Assert.Throws<SignatureVerificationException>(verify).Message;

    [Fact]
    public void SctOfTheTrustedCtLogMeetsThresholdOne()
    {
        using var certificate = Verified(SctMode.Valid);

        EmbeddedSctVerifier.Verify(certificate, _fulcio.TrustedRoot(), 1);
    }

    [Fact]
    public void OneSctDoesNotMeetThresholdTwo()
    {
        using var certificate = Verified(SctMode.Valid);

        Assert.Equal("only able to verify 1 SCT entries; unable to meet threshold of 2",
            Refusal(() => EmbeddedSctVerifier.Verify(certificate, _fulcio.TrustedRoot(), 2)));
    }

    [Fact]
    public void CertificateWithoutSctsIsRefused()
    {
        using var certificate = Verified(SctMode.None);

        Assert.Null(certificate.Leaf.Extensions["1.3.6.1.4.1.11129.2.4.2"]);
        Assert.Equal("only able to verify 0 SCT entries; unable to meet threshold of 1",
            Refusal(() => EmbeddedSctVerifier.Verify(certificate, _fulcio.TrustedRoot(), 1)));
    }

    [Fact]
    public void SctOfAnUnknownLogIsRefused()
    {
        using var certificate = Verified(SctMode.WrongLog);

        Assert.Equal("only able to verify 0 SCT entries; unable to meet threshold of 1",
            Refusal(() => EmbeddedSctVerifier.Verify(certificate, _fulcio.TrustedRoot(), 1)));
    }

    [Fact]
    public void SctWithABadSignatureIsRefused()
    {
        using var certificate = Verified(SctMode.BadSignature);

        Assert.Equal("only able to verify 0 SCT entries; unable to meet threshold of 1",
            Refusal(() => EmbeddedSctVerifier.Verify(certificate, _fulcio.TrustedRoot(), 1)));
    }

    [Fact]
    public void SctMadeOutsideTheLogKeyValidityIsRefused()
    {
        using var certificate = Verified(SctMode.Valid);
        var retired = _fulcio.CtLog with { ValidFor = new ValidityPeriod(ValidFrom, Issued.AddSeconds(-1)) };
        var root = new TrustedRoot([_fulcio.Authority], [], [retired]);

        Assert.Equal("only able to verify 0 SCT entries; unable to meet threshold of 1",
            Refusal(() => EmbeddedSctVerifier.Verify(certificate, root, 1)));
    }

    [Fact]
    public void SctIsBoundToTheIssuingCertificateKey()
    {
        using var certificate = Verified(SctMode.Valid);
        using var wrongIssuer = certificate with { Issuer = X509CertificateLoader.LoadCertificate(_fulcio.RootCertificate.RawData) };

        Assert.Equal("only able to verify 0 SCT entries; unable to meet threshold of 1",
            Refusal(() => EmbeddedSctVerifier.Verify(wrongIssuer, _fulcio.TrustedRoot(), 1)));
    }

    [Fact]
    public void PrecertificateTbsOfACertificateWithoutSctsIsItsOwnTbs()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued, sct: SctMode.None);

        Assert.Equal(PrecertificateTbs.Read(signing.Certificate.RawData), PrecertificateTbs.FromCertificate(signing.Certificate.RawData));
    }

    [Fact]
    public void PrecertificateTbsDropsOnlyTheSctList()
    {
        using var signing = _fulcio.Issue(Workflow, Issuer, Issued);
        var tbs = PrecertificateTbs.Read(signing.Certificate.RawData);
        var precertificate = PrecertificateTbs.FromCertificate(signing.Certificate.RawData);
        var sctList = signing.Certificate.Extensions["1.3.6.1.4.1.11129.2.4.2"]!.RawData;

        Assert.True(precertificate.Length < tbs.Length - sctList.Length);
        Assert.True(tbs.Length - precertificate.Length < sctList.Length + 32);
    }
}
