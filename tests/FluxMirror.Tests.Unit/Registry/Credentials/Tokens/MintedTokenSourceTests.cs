using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Tokens;

/// <summary>The cijwt cache every minted credential shares: half-life reuse, refusals, one mint for concurrent callers.</summary>
public sealed class MintedTokenSourceTests
{
    private const string Host = "registry.example:5000";
    private readonly ManualClock _clock = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_is_reused_for_half_its_remaining_lifetime_then_minted_again()
    {
        var mints = 0;
        var source = new MintedTokenSource(Host, _ => ValueTask.FromResult(TestJwts.Expiring(_clock.GetUtcNow().AddSeconds(100), $"t{++mints}")), clock: _clock);

        var first = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(49));
        var reused = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await source.ResolveAsync(Ct);

        Assert.Same(first, reused);
        Assert.NotEqual(first.BearerToken, renewed.BearerToken);
        Assert.Equal(2, source.MintCount);
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        var source = new MintedTokenSource(Host, _ => ValueTask.FromResult(TestJwts.Unsigned("{\"sub\":\"x\"}")), clock: _clock);

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal("failed to obtain CI JWT for host \"registry.example:5000\": minted token has no exp claim", error.Message);
    }

    [Fact]
    public async Task A_token_with_under_two_seconds_left_is_refused_as_near_expiry()
    {
        var source = new MintedTokenSource(Host, _ => ValueTask.FromResult(TestJwts.Expiring(_clock.GetUtcNow().AddSeconds(1), "t")), clock: _clock);

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal("failed to obtain CI JWT for host \"registry.example:5000\": minted token already near expiry (exp=2026-12-03T12:00:01Z)", error.Message);
    }

    [Fact]
    public async Task Without_caching_every_request_gets_a_fresh_token_and_exp_is_not_required()
    {
        var mints = 0;
        var source = new MintedTokenSource(Host, _ => ValueTask.FromResult($"opaque-{++mints}"), cache: false, clock: _clock);

        var tokens = new[] { await source.ResolveAsync(Ct), await source.ResolveAsync(Ct), await source.ResolveAsync(Ct) };

        Assert.Equal(["opaque-1", "opaque-2", "opaque-3"], tokens.Select(t => t.BearerToken));
        Assert.Equal(3, source.MintCount);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_mint()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mints = 0;
        var source = new MintedTokenSource(Host, async _ =>
        {
            Interlocked.Increment(ref mints);
            await release.Task;
            return TestJwts.Expiring(_clock.GetUtcNow().AddMinutes(5), "shared");
        }, clock: _clock);

        var callers = Enumerable.Range(0, 8).Select(_ => source.ResolveAsync(Ct).AsTask()).ToArray();
        release.SetResult();
        var credentials = await Task.WhenAll(callers);

        Assert.Equal(1, mints);
        Assert.Single(credentials.Distinct());
    }

    [Fact]
    public async Task Invalidate_drops_the_rejected_token_but_keeps_a_newer_one()
    {
        var mints = 0;
        var source = new MintedTokenSource(Host, _ => ValueTask.FromResult(TestJwts.Expiring(_clock.GetUtcNow().AddHours(1), $"t{++mints}")), clock: _clock);

        var rejected = await source.ResolveAsync(Ct);
        source.Invalidate(rejected);
        var replacement = await source.ResolveAsync(Ct);
        source.Invalidate(rejected);
        var kept = await source.ResolveAsync(Ct);

        Assert.NotEqual(rejected.BearerToken, replacement.BearerToken);
        Assert.Same(replacement, kept);
        Assert.Equal(2, source.MintCount);
    }

    [Fact]
    public async Task A_failed_mint_is_wrapped_with_the_host_and_not_cached()
    {
        var attempts = 0;
        var source = new MintedTokenSource(Host, _ => ++attempts == 1
            ? throw new CredentialException("OIDC token request failed with status 500 Internal Server Error: boom")
            : ValueTask.FromResult(TestJwts.Expiring(_clock.GetUtcNow().AddMinutes(5), "ok")), clock: _clock);

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));
        var recovered = await source.ResolveAsync(Ct);

        Assert.Equal("failed to obtain CI JWT for host \"registry.example:5000\": OIDC token request failed with status 500 Internal Server Error: boom", error.Message);
        Assert.NotNull(recovered.BearerToken);
    }
}
