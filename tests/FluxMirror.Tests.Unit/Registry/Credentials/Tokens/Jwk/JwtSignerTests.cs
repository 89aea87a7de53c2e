using System.Text.Json;
using FluxMirror.Registry.Credentials.Tokens.Jwk;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Tokens.Jwk;

/// <summary>Self-signed JWTs: header and claims shaped like the reference's, signatures a registry can verify, caching by exp.</summary>
public sealed class JwtSignerTests
{
    private readonly ManualClock _clock = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Header_and_claims_have_the_reference_shape()
    {
        var jwk = TestJwk.Ed25519(kid: "0190-kid");
        var signer = new JwtSigner(JwkKey.Parse(jwk.PrivateJson), "https://ci.example", "repo:org/app", "registry.example:5000", TimeSpan.FromSeconds(60), _clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();

        var jwt = signer.Sign();

        using var header = TestJwts.Header(jwt);
        using var claims = TestJwts.Claims(jwt);
        var c = claims.RootElement;
        Assert.Equal("""{"alg":"EdDSA","kid":"0190-kid","typ":"JWT"}""", header.RootElement.GetRawText());
        Assert.Equal(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"], c.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("https://ci.example", "repo:org/app"), (c.GetProperty("iss").GetString(), c.GetProperty("sub").GetString()));
        Assert.Equal(["registry.example:5000"], c.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal((now + 60, now - 30, now), (c.GetProperty("exp").GetInt64(), c.GetProperty("nbf").GetInt64(), c.GetProperty("iat").GetInt64()));
        Assert.Matches("^[0-9a-f]{32}$", c.GetProperty("jti").GetString());
        Assert.Null(jwk.Rejection(jwt, "https://ci.example", "repo:org/app", "registry.example:5000", _clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("P-256", "ES256")]
    [InlineData("P-384", "ES384")]
    [InlineData("P-521", "ES512")]
    public void Ecdsa_tokens_verify_and_omit_a_missing_kid(string curve, string alg)
    {
        var jwk = TestJwk.Ec(curve, kid: null);
        var jwt = new JwtSigner(JwkKey.Parse(jwk.PrivateJson), "i", "s", "a", TimeSpan.FromMinutes(5), _clock).Sign();

        using var header = TestJwts.Header(jwt);

        Assert.Equal($$"""{"alg":"{{alg}}","typ":"JWT"}""", header.RootElement.GetRawText());
        Assert.Null(jwk.Rejection(jwt, "i", "s", "a", _clock.GetUtcNow()));
        Assert.Equal("bad signature", jwk.Rejection(jwt[..^4] + (jwt[^4] == 'A' ? "B" : "A") + jwt[^3..], "i", "s", "a", _clock.GetUtcNow()));
    }

    [Fact]
    public void Every_token_has_its_own_jti()
    {
        var signer = new JwtSigner(JwkKey.Parse(TestJwk.Ed25519().PrivateJson), "i", "s", "a", TimeSpan.FromSeconds(60), _clock);

        var ids = Enumerable.Range(0, 5).Select(_ =>
        {
            using var claims = TestJwts.Claims(signer.Sign());
            return claims.RootElement.GetProperty("jti").GetString();
        });

        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task Without_exp_every_request_gets_a_fresh_60s_token()
    {
        var source = JwtSigner.Source("r.example", JwkKey.Parse(TestJwk.Ed25519().PrivateJson), "i", "s", "r.example", lifetime: null, _clock);

        var first = await source.ResolveAsync(Ct);
        var second = await source.ResolveAsync(Ct);

        Assert.NotEqual(first.BearerToken, second.BearerToken);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), ExpOf(first.BearerToken!));
        Assert.Equal(2, source.MintCount);
    }

    [Fact]
    public async Task A_custom_exp_is_cached_for_half_its_lifetime()
    {
        var source = JwtSigner.Source("r.example", JwkKey.Parse(TestJwk.Ec().PrivateJson), "i", "s", "r.example", TimeSpan.FromMinutes(10), _clock);

        var first = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(4.9));
        var reused = await source.ResolveAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(0.2));
        var renewed = await source.ResolveAsync(Ct);

        Assert.Same(first, reused);
        Assert.NotEqual(first.BearerToken, renewed.BearerToken);
        Assert.Equal(2, source.MintCount);
    }

    private static DateTimeOffset ExpOf(string jwt)
    {
        using var claims = TestJwts.Claims(jwt);
        return DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
    }
}
