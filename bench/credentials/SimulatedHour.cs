using System.Text;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.Registry.Model;

namespace FluxMirror.Bench.Credentials;

/// <summary>
/// One simulated hour of a busy mirror (a registry request every <see cref="Interval"/>) against each credential
/// kind, with the lifetimes the clouds issue. Counts fetches: the reference fetches a cloud login once per run, so a run
/// longer than the login fails; here each is renewed at half-life.
/// </summary>
internal static class SimulatedHour
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static IEnumerable<(string Kind, TimeSpan Lifetime, int Requests, int Fetches)> Run()
    {
        yield return Cloud("ecr (12 h login)", TimeSpan.FromHours(12));
        yield return Cloud("gar (1 h access token)", TimeSpan.FromHours(1));
        yield return Cloud("acr (3 h refresh token)", TimeSpan.FromHours(3));
        yield return Cloud("ecr, short test login (10 min)", TimeSpan.FromMinutes(10));
        yield return Minted("aws GetCallerIdentity token (2 min)", TimeSpan.FromMinutes(2), cache: true);
        yield return Minted("github OIDC token (5 min)", TimeSpan.FromMinutes(5), cache: true);
        yield return Minted("jwk, custom exp 10 min", TimeSpan.FromMinutes(10), cache: true);
        yield return Minted("jwk, default (60 s, fresh per request)", TimeSpan.FromSeconds(60), cache: false);
    }

    private static (string, TimeSpan, int, int) Cloud(string kind, TimeSpan lifetime)
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddYears(56));
        var source = new CloudCredentialSource("bench.example", new FixedLifetimeLogin(clock, lifetime), clock);
        var requests = Drive(clock, source);
        return (kind, lifetime, requests, source.FetchCount);
    }

    private static (string, TimeSpan, int, int) Minted(string kind, TimeSpan lifetime, bool cache)
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddYears(56));
        var source = new MintedTokenSource("bench.example", _ => ValueTask.FromResult(Jwt(clock.GetUtcNow() + lifetime)), cache, clock);
        var requests = Drive(clock, source);
        return (kind, lifetime, requests, source.MintCount);
    }

    private static int Drive(ManualClock clock, IHostCredentialSource source)
    {
        var requests = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(1); elapsed += Interval)
        {
            _ = source.ResolveAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            requests++;
            clock.Advance(Interval);
        }

        return requests;
    }

    private static string Jwt(DateTimeOffset exp)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("""{"alg":"none"}""") + "." + Part($$"""{"exp":{{exp.ToUnixTimeSeconds()}}}""") + ".";
    }

    private sealed class FixedLifetimeLogin(ManualClock clock, TimeSpan lifetime) : ICloudRegistryLogin
    {
        public string Cloud => "bench";

        public Task<CloudLogin> LoginAsync(string host, CancellationToken ct) =>
            Task.FromResult(new CloudLogin("user", Guid.NewGuid().ToString("N"), clock.GetUtcNow() + lifetime));
    }
}
