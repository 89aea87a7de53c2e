using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Spiffe;

public sealed class SpiffeAuthorizerTests
{
    private const string Own = "spiffe://example.org/mirror";

    [Fact]
    public void Server_id_accepts_exactly_that_id()
    {
        var authorizer = SpiffeAuthorizer.Id("spiffe://example.org/registry");

        Assert.Null(authorizer.Reject("spiffe://example.org/registry", Own));
        Assert.Equal("unexpected ID \"spiffe://example.org/registry/x\"", authorizer.Reject("spiffe://example.org/registry/x", Own));
        Assert.Equal("unexpected ID \"spiffe://other.org/registry\"", authorizer.Reject("spiffe://other.org/registry", Own));
    }

    [Fact]
    public void Trust_domain_accepts_its_members_only()
    {
        var authorizer = SpiffeAuthorizer.MemberOf("example.org");

        Assert.Null(authorizer.Reject("spiffe://example.org/anything/at/all", Own));
        Assert.Equal("unexpected trust domain \"example.com\"", authorizer.Reject("spiffe://example.com/registry", Own));
    }

    [Fact]
    public void Trust_domain_given_as_an_id_means_its_trust_domain() =>
        Assert.Null(SpiffeAuthorizer.MemberOf("spiffe://example.org/whatever").Reject("spiffe://example.org/registry", Own));

    [Fact]
    public void Self_is_the_trust_domain_of_the_own_svid()
    {
        Assert.Null(SpiffeAuthorizer.OwnTrustDomain.Reject("spiffe://example.org/registry", Own));
        Assert.Equal("unexpected trust domain \"example.org\"", SpiffeAuthorizer.OwnTrustDomain.Reject("spiffe://example.org/registry", "spiffe://prod.example.org/mirror"));
    }

    [Fact]
    public void Authorize_any_accepts_every_id() =>
        Assert.Null(SpiffeAuthorizer.Any.Reject("spiffe://elsewhere.test/x", Own));
}
