using FluxMirror.Domain.GoCompat.Re2;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class CertificateIdentityPolicyTests
{
    private const string Actions = "https://token.actions.githubusercontent.com";
    private const string Workflow = "https://github.com/stefanprodan/podinfo/.github/workflows/release.yml@refs/tags/6.13.0";

    private static CertificateIdentity Identity(string issuer, string subjectRegex)
    {
        Assert.True(GoRegex.TryCompile(subjectRegex, out var regex, out var error), error);
        return new CertificateIdentity(issuer, regex);
    }

    private static string Refusal(string san, string issuer, params CertificateIdentity[] identities) =>
        Assert.Throws<SignatureVerificationException>(() => CertificateIdentityPolicy.Check(san, issuer, identities)).Message;

    [Fact]
    public void MatchingSubjectAndIssuerPass()
    {
        var identity = Identity(Actions, @"^https://github\.com/stefanprodan/.*$");

        Assert.Same(identity, CertificateIdentityPolicy.Check(Workflow, Actions, [identity]));
    }

    [Fact]
    public void SubjectMismatchQuotesTheRegexAsWritten()
    {
        // The reference's own report example (docs/report.md), after "failed to verify certificate identity: ".
        Assert.Equal(
            @"no matching CertificateIdentity found, last error: expected SAN value to match regex ""^https://github\.com/example/.*$"", got ""https://github.com/stefanprodan/podinfo/.github/workflows/release.yml@refs/tags/6.13.0""",
            Refusal(Workflow, Actions, Identity(Actions, @"^https://github\.com/example/.*$")));
    }

    [Fact]
    public void IssuerMismatchIsRefusedAfterTheSubjectMatched()
    {
        Assert.Equal(
            @"no matching CertificateIdentity found, last error: expected issuer value ""https://accounts.google.com"", got ""https://token.actions.githubusercontent.com""",
            Refusal(Workflow, Actions, Identity("https://accounts.google.com", "podinfo")));
    }

    [Fact]
    public void IssuerIsComparedExactly()
    {
        Assert.Equal(
            @"no matching CertificateIdentity found, last error: expected issuer value ""https://token.actions.githubusercontent.com/"", got ""https://token.actions.githubusercontent.com""",
            Refusal(Workflow, Actions, Identity(Actions + "/", "podinfo")));
    }

    [Fact]
    public void AnyIdentityOfTheListMayMatch()
    {
        var other = Identity("https://accounts.google.com", ".*");
        var matching = Identity(Actions, "stefanprodan");

        Assert.Same(matching, CertificateIdentityPolicy.Check(Workflow, Actions, [other, matching]));
    }

    [Fact]
    public void WhenNoneMatchesTheLastIdentityIsReported()
    {
        var message = Refusal(Workflow, Actions, Identity(Actions, "^nope$"), Identity("https://gitlab.com", "podinfo"));

        Assert.Equal(
            @"no matching CertificateIdentity found, last error: expected issuer value ""https://gitlab.com"", got ""https://token.actions.githubusercontent.com""",
            message);
    }

    [Theory]
    [InlineData("stefanprodan/podinfo")] // unanchored: a substring is enough
    [InlineData(@"release\.yml@refs/tags/6\.13\.\d+$")]
    [InlineData("^https://github.com/")]
    public void SubjectRegexIsUnanchored(string regex) =>
        CertificateIdentityPolicy.Check(Workflow, Actions, [Identity(Actions, regex)]);

    [Fact]
    public void AnchoredRegexMustCoverTheWholeSubject() =>
        Assert.Equal(
            $"no matching CertificateIdentity found, last error: expected SAN value to match regex \"^https://github.com/stefanprodan/podinfo$\", got \"{Workflow}\"",
            Refusal(Workflow, Actions, Identity(Actions, "^https://github.com/stefanprodan/podinfo$")));

    [Fact]
    public void EmptyListMatchesNothing() =>
        Assert.Equal("no matching CertificateIdentity found", Refusal(Workflow, Actions));
}
