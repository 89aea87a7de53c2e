using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Cloud;

/// <summary>Cloud registry logins: renewed at half-life (or of an assumed lifetime), on rejection, never cached when failed.</summary>
public sealed class CloudCredentialSourceTests
{
    private const string Host = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    private readonly ManualClock _clock = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_login_is_renewed_at_half_its_lifetime()
    {
        var login = new ScriptedLogin(n => new CloudLogin("AWS", $"password-{n}", _clock.GetUtcNow().AddHours(12)));
        var source = new CloudCredentialSource(Host, login, _clock);

        var first = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromHours(5.9));
        var reused = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromHours(0.2));
        var renewed = await source.ResolveAsync(Ct);

        Assert.Equal(("AWS", "password-1"), (first.Username, first.Password));
        Assert.Same(first, reused);
        Assert.Equal("password-2", renewed.Password);
        Assert.Equal(2, source.FetchCount);
    }

    [Fact]
    public async Task A_login_without_expiry_lasts_half_the_assumed_lifetime()
    {
        var login = new ScriptedLogin(n => new CloudLogin("oauth2accesstoken", $"access-{n}", null));
        var source = new CloudCredentialSource(Host, login, _clock);

        await source.ResolveAsync(Ct);
        _clock.Advance((CloudCredentialSource.AssumedLifetime / 2) - TimeSpan.FromSeconds(1));
        var reused = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await source.ResolveAsync(Ct);

        Assert.Equal(("access-1", "access-2"), (reused.Password, renewed.Password));
    }

    [Fact]
    public async Task A_failure_names_the_cloud_and_host_and_is_not_cached()
    {
        var login = new ScriptedLogin(n => n == 1 ? throw new CredentialException("retrieve AWS credentials: no credentials") : new CloudLogin("AWS", "p", null));
        var source = new CloudCredentialSource(Host, login, _clock);

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));
        var recovered = await source.ResolveAsync(Ct);

        Assert.Equal($"get aws registry credentials for \"{Host}\": retrieve AWS credentials: no credentials", error.Message);
        Assert.Equal("p", recovered.Password);
    }

    [Fact]
    public async Task Invalidate_fetches_a_new_login_for_the_next_request()
    {
        var login = new ScriptedLogin(n => new CloudLogin("AWS", $"password-{n}", _clock.GetUtcNow().AddHours(12)));
        var source = new CloudCredentialSource(Host, login, _clock);

        var rejected = await source.ResolveAsync(Ct);
        source.Invalidate(rejected);
        var renewed = await source.ResolveAsync(Ct);

        Assert.Equal("password-2", renewed.Password);
        Assert.DoesNotContain("password-2", renewed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_throw_away_the_login_it_started()
    {
        var login = new GatedLogin(_clock);
        var source = new CloudCredentialSource(Host, login, _clock);
        using var givesUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = source.ResolveAsync(givesUp.Token).AsTask();
        await login.Started.Task.WaitAsync(Ct);
        var second = source.ResolveAsync(Ct).AsTask();
        await givesUp.CancelAsync();
        login.Answer.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var credential = await second;
        var later = await source.ResolveAsync(Ct);

        Assert.False(login.SawCancellation);
        Assert.Equal(("password-1", "password-1"), (credential.Password, later.Password));
        Assert.Equal(1, source.FetchCount);
    }

    /// <summary>A login that answers only when told to, and notes whether its token was cancelled meanwhile.</summary>
    private sealed class GatedLogin(ManualClock clock) : ICloudRegistryLogin
    {
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool SawCancellation { get; private set; }

        public string Cloud => "aws";

        public async Task<CloudLogin> LoginAsync(string host, CancellationToken ct)
        {
            var call = Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            await Answer.Task;
            SawCancellation = ct.IsCancellationRequested;
            return new CloudLogin("AWS", $"password-{call}", clock.GetUtcNow().AddHours(12));
        }
    }

    private sealed class ScriptedLogin(Func<int, CloudLogin> next) : ICloudRegistryLogin
    {
        private int _calls;

        public string Cloud => "aws";

        public Task<CloudLogin> LoginAsync(string host, CancellationToken ct) => Task.FromResult(next(++_calls));
    }
}
