using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Domain.Signatures.Tuf;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Cosign;

public sealed class TrustedRootSourcesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_bytes_are_parsed_without_any_network()
    {
        using var fulcio = PrivateFulcio.Create(DateTimeOffset.UtcNow.AddDays(-1));
        using var http = new HttpClient(new RefusingHandler());

        var root = await TrustedRootSources.From(new SigstoreOptions(TrustedRootWriter.Write(fulcio.TrustedRoot())), http, TimeProvider.System).GetAsync(Ct);

        Assert.Equal(fulcio.Authority.ChainDer, root.CertificateAuthorities[0].ChainDer);
        Assert.Equal(fulcio.CtLog.LogId, root.CertificateTransparencyLogs[0].LogId);
    }

    [Fact]
    public async Task Given_bytes_that_are_not_a_trusted_root_fail_as_parse_trusted_root()
    {
        using var http = new HttpClient(new RefusingHandler());
        var source = TrustedRootSources.From(new SigstoreOptions("{\"mediaType\":\"text/plain\"}"u8.ToArray()), http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() => source.GetAsync(Ct));

        Assert.StartsWith("parse trusted root: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetched_root_is_fetched_once_for_concurrent_callers_and_a_failure_is_retried_later()
    {
        using var fulcio = PrivateFulcio.Create(DateTimeOffset.UtcNow.AddDays(-1));
        var json = TrustedRootWriter.Write(fulcio.TrustedRoot());
        var calls = 0;
        using var source = new FetchedTrustedRootSource(async ct =>
        {
            await Task.Yield();
            return Interlocked.Increment(ref calls) == 1
                ? throw new CosignVerificationException("fetch trusted root: connection refused")
                : json;
        });

        var first = await Assert.ThrowsAsync<CosignVerificationException>(() => source.GetAsync(Ct));
        var roots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.GetAsync(Ct)));

        Assert.Equal("fetch trusted root: connection refused", first.Message);
        Assert.Equal(2, calls);
        Assert.All(roots, r => Assert.Same(roots[0], r));
    }

    [Fact]
    public async Task A_tuf_repository_that_cannot_be_reached_fails_as_fetch_trusted_root_each_time_it_is_tried()
    {
        var handler = new RefusingHandler();
        using var http = new HttpClient(handler);
        var options = new SigstoreOptions(TufUrl: new Uri("http://127.0.0.1:9/tuf"), TufInitialRoot: TufRepository.PublicGood(null).InitialRoot);
        var source = TrustedRootSources.From(options, http, TimeProvider.System);

        var first = await Assert.ThrowsAsync<CosignVerificationException>(() => source.GetAsync(Ct));
        var second = await Assert.ThrowsAsync<CosignVerificationException>(() => source.GetAsync(Ct));

        Assert.StartsWith("fetch trusted root: ", first.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", first.Message, StringComparison.Ordinal);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task A_tuf_url_without_its_initial_root_fails_as_create_tuf_client()
    {
        using var http = new HttpClient(new RefusingHandler());
        var source = TrustedRootSources.From(new SigstoreOptions(TufUrl: new Uri("https://tuf.example.invalid/")), http, TimeProvider.System);

        var error = await Assert.ThrowsAsync<CosignVerificationException>(() => source.GetAsync(Ct));

        Assert.Equal("create TUF client: TUF repository https://tuf.example.invalid/ needs its initial root.json", error.Message);
    }

    /// <summary>Counts requests and answers none of them (connection refused), so no test reaches the network.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            throw new HttpRequestException($"connection refused: {request.RequestUri}");
        }
    }
}
