using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.TestSupport.Spiffe;
using Grpc.Core;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Spiffe;

/// <summary>The X.509 source over a scripted update stream, and over the fake Workload API on a unix socket.</summary>
public sealed class X509SourceTests : IDisposable
{
    private static readonly X509SourceTiming Fast = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));
    private readonly SvidAuthority _authority = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _authority.Dispose();

    [Fact]
    public async Task A_rotation_on_the_stream_replaces_the_current_svid()
    {
        var updates = Channel.CreateUnbounded<X509Context>();
        using var source = new X509Source(ct => updates.Reader.ReadAllAsync(ct), Fast);
        var first = Context("spiffe://example.org/mirror");
        await updates.Writer.WriteAsync(first, Ct);
        await source.WaitReadyAsync(Ct);
        Assert.Same(first, source.Current);

        var second = Context("spiffe://example.org/mirror");
        await updates.Writer.WriteAsync(second, Ct);
        await WaitUntilAsync(() => source.UpdateCount == 2);

        Assert.Same(second, source.Current);
        Assert.NotEqual(first.Certificate.SerialNumber, source.Current!.Certificate.SerialNumber);
    }

    [Fact]
    public async Task A_dropped_stream_is_reopened()
    {
        var opened = 0;
        var second = Context("spiffe://example.org/mirror");
        using var source = new X509Source(ct => Script(++opened, second, ct), Fast);

        await WaitUntilAsync(() => ReferenceEquals(source.Current, second));

        Assert.True(opened >= 2);
        await source.WaitReadyAsync(Ct);
    }

    [Fact]
    public async Task An_invalid_argument_answer_fails_creation_at_once()
    {
        using var source = new X509Source(_ => Fail(new RpcException(new Status(StatusCode.InvalidArgument, "security header missing from request"))), Fast);

        var error = await Assert.ThrowsAsync<CredentialException>(() => source.WaitReadyAsync(Ct));

        Assert.Equal("spiffe: create X.509 source: rpc error: code = InvalidArgument desc = security header missing from request", error.Message);
    }

    [Fact]
    public async Task No_svid_in_time_fails_creation_with_the_last_error()
    {
        var timing = Fast with { FirstUpdate = TimeSpan.FromSeconds(2) };
        using var source = new X509Source(_ => Fail(new RpcException(new Status(StatusCode.Unavailable, "connection refused"))), timing);

        var error = await Assert.ThrowsAsync<CredentialException>(() => source.WaitReadyAsync(Ct));

        Assert.Equal("spiffe: create X.509 source: no X.509-SVID within 2s: rpc error: code = Unavailable desc = connection refused", error.Message);
    }

    [Fact]
    public async Task The_fake_workload_api_streams_and_rotates_over_its_unix_socket()
    {
        await using var api = await FakeWorkloadApi.StartAsync(_authority, "spiffe://example.org/mirror", Ct);
        using var source = X509Source.Start(WorkloadApiAddress.Parse(api.Address), Fast);

        await source.WaitReadyAsync(Ct);
        Assert.Equal("spiffe://example.org/mirror", source.Current!.SpiffeId);
        Assert.Equal(api.Current.SerialNumber, source.Current.Certificate.SerialNumber);
        Assert.True(source.Current.Certificate.HasPrivateKey);
        Assert.Equal(_authority.Bundle.Thumbprint, Assert.Single(source.Current.Bundle).Thumbprint);

        var rotated = api.Rotate();
        await WaitUntilAsync(() => source.Current!.Certificate.SerialNumber == rotated.SerialNumber);
        Assert.All(api.Calls, c => Assert.True(c.Admitted));
    }

    private X509Context Context(string id)
    {
        var svid = _authority.Issue(id);
        return new X509Context(id, svid.Certificate, [], [_authority.Bundle]);
    }

    private static async IAsyncEnumerable<X509Context> Script(int attempt, X509Context second, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        if (attempt == 1)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "agent restarting"));
        }

        yield return second;
        await Task.Delay(Timeout.Infinite, ct);
    }

    private static async IAsyncEnumerable<X509Context> Fail(Exception error)
    {
        await Task.Yield();
        throw error;
#pragma warning disable CS0162 // An iterator needs a yield; this one only fails.
        yield break;
#pragma warning restore CS0162
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
