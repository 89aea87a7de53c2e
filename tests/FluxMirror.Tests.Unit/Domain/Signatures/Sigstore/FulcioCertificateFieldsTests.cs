using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class FulcioCertificateFieldsTests : IDisposable
{
    private const string Actions = "https://token.actions.githubusercontent.com";
    private static readonly DateTimeOffset ValidFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PrivateFulcio _fulcio = PrivateFulcio.Create(ValidFrom);

    public void Dispose() => _fulcio.Dispose();

    [Fact]
    public void UriSanAndIssuerAreRead()
    {
        const string workflow = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0";
        using var signing = _fulcio.Issue(workflow, Actions, ValidFrom.AddDays(1));

        var fields = FulcioCertificateFields.Read(signing.Certificate);

        Assert.Equal(new FulcioCertificateFields(workflow, Actions), fields);
    }

    [Fact]
    public void EmailSanIsRead()
    {
        using var signing = _fulcio.Issue("release-bot@acme.example", "https://accounts.google.com", ValidFrom.AddDays(1));

        var fields = FulcioCertificateFields.Read(signing.Certificate);

        Assert.Equal(new FulcioCertificateFields("release-bot@acme.example", "https://accounts.google.com"), fields);
    }

    [Fact]
    public void DeprecatedIssuerExtensionAloneIsEnough()
    {
        using var signing = _fulcio.Issue("dev@acme.example", "https://oauth2.sigstore.dev/auth", ValidFrom.AddDays(1),
            profile: new LeafProfile(IssuerV2: false));

        Assert.Null(signing.Certificate.Extensions["1.3.6.1.4.1.57264.1.8"]);
        Assert.Equal("https://oauth2.sigstore.dev/auth", FulcioCertificateFields.Read(signing.Certificate).Issuer);
    }

    [Fact]
    public void CertificateWithoutSanIsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=nobody", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(ValidFrom, ValidFrom.AddDays(1));

        Assert.Equal("No Subject Alternative Name found",
            Assert.Throws<SignatureVerificationException>(() => FulcioCertificateFields.Read(certificate)).Message);
    }

    [Fact]
    public void CertificateWithoutIssuerExtensionHasAnEmptyIssuer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nobody", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress("a@b.example");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(ValidFrom, ValidFrom.AddDays(1));

        Assert.Equal(new FulcioCertificateFields("a@b.example", ""), FulcioCertificateFields.Read(certificate));
    }
}
