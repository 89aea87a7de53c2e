using System.Threading.Channels;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;
using FluxMirror.TestSupport.Spiffe;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Spiffe;

/// <summary>Server verification against the Workload API bundle and client SVID selection, per handshake.</summary>
public sealed class SpiffeTlsHookTests : IDisposable
{
    private const string Mirror = "spiffe://example.org/mirror";
    private const string Registry = "spiffe://example.org/registry";
    private readonly SvidAuthority _authority = new();
    private readonly SvidAuthority _stranger = new();
    private readonly Channel<X509Context> _updates = Channel.CreateUnbounded<X509Context>();
    private readonly X509Source _source;

    public SpiffeTlsHookTests()
    {
        _source = new X509Source(ct => _updates.Reader.ReadAllAsync(ct), X509SourceTiming.Default);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _source.Dispose();
        _authority.Dispose();
        _stranger.Dispose();
    }

    [Theory]
    [InlineData("id")]
    [InlineData("domain")]
    [InlineData("self")]
    [InlineData("any")]
    public async Task A_server_svid_from_the_bundle_is_authorized(string mode)
    {
        var hook = await HookAsync(mode switch
        {
            "id" => SpiffeAuthorizer.Id(Registry),
            "domain" => SpiffeAuthorizer.MemberOf("example.org"),
            "self" => SpiffeAuthorizer.OwnTrustDomain,
            _ => SpiffeAuthorizer.Any,
        });

        Assert.True(hook.ValidateServer(_authority.Issue(Registry).Certificate, null));
        Assert.Null(hook.TakeRejection());
    }

    [Fact]
    public async Task A_wrong_server_id_is_refused_with_the_reason()
    {
        var hook = await HookAsync(SpiffeAuthorizer.Id(Registry));

        Assert.False(hook.ValidateServer(_authority.Issue("spiffe://example.org/impostor").Certificate, null));
        Assert.Equal("unexpected ID \"spiffe://example.org/impostor\"", hook.TakeRejection());
    }

    [Fact]
    public async Task A_server_outside_the_bundle_is_refused_whatever_its_id()
    {
        var hook = await HookAsync(SpiffeAuthorizer.Any);

        Assert.False(hook.ValidateServer(_stranger.Issue(Registry).Certificate, null));
        Assert.StartsWith("x509svid: could not verify leaf certificate: ", hook.TakeRejection());
    }

    [Fact]
    public async Task The_client_certificate_is_the_current_svid_after_a_rotation()
    {
        var hook = await HookAsync(null);
        var first = hook.ClientCertificate();
        var rotated = Context(Mirror);
        await _updates.Writer.WriteAsync(rotated, Ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (_source.UpdateCount < 2)
        {
            await Task.Delay(10, bound.Token);
        }

        Assert.NotSame(first, hook.ClientCertificate());
        Assert.Same(rotated.Certificate, hook.ClientCertificate());
    }

    private async Task<SpiffeTlsHook> HookAsync(SpiffeAuthorizer? authorizer)
    {
        await _updates.Writer.WriteAsync(Context(Mirror), Ct);
        await _source.WaitReadyAsync(Ct);
        return new SpiffeTlsHook("registry.example.org", _source, authorizer, presentSvid: authorizer is null);
    }

    private X509Context Context(string id) => new(id, _authority.Issue(id).Certificate, [], [_authority.Bundle]);
}
