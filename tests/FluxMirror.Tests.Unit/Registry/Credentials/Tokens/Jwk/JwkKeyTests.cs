using System.Text;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Tokens.Jwk;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Tokens.Jwk;

/// <summary>Which JWKs sign (and with which alg), and the reference's message for each one that does not.</summary>
public sealed class JwkKeyTests
{
    private const string Want = ": want an Ed25519 or ECDSA (P-256/P-384/P-521) private key";

    [Theory]
    [InlineData("P-256", "ES256", 64)]
    [InlineData("P-384", "ES384", 96)]
    [InlineData("P-521", "ES512", 132)]
    public void Ecdsa_keys_sign_raw_r_s_signatures_that_verify(string curve, string alg, int signatureBytes)
    {
        var jwk = TestJwk.Ec(curve, kid: "k1");
        var key = JwkKey.Parse(jwk.PrivateJson);

        var signature = key.Sign("a.b"u8);

        Assert.Equal((alg, "k1"), (key.Algorithm, key.KeyId));
        Assert.Equal(signatureBytes, signature.Length);
        Assert.True(jwk.SignatureValid("a.b." + Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_')));
    }

    [Fact]
    public void An_ed25519_key_in_a_set_of_one_signs_eddsa()
    {
        var jwk = TestJwk.Ed25519(kid: null);

        var key = JwkKey.Parse(jwk.PrivateSetJson);

        Assert.Equal(("EdDSA", (string?)null), (key.Algorithm, key.KeyId));
        Assert.Equal(64, key.Sign("x"u8).Length);
    }

    [Fact]
    public void Rsa_symmetric_and_public_only_keys_are_refused_with_their_go_type()
    {
        Assert.Equal("unsupported JWK key type *rsa.PrivateKey" + Want, ErrorOf(TestJwk.RsaPrivateJson()));
        Assert.Equal("unsupported JWK key type *rsa.PublicKey" + Want, ErrorOf("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"));
        Assert.Equal("unsupported JWK key type []uint8" + Want, ErrorOf("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"));
        Assert.Equal("unsupported JWK key type *ecdsa.PublicKey" + Want, ErrorOf(TestJwk.Ec().PublicJson));
        Assert.Equal("unsupported JWK key type ed25519.PublicKey" + Want, ErrorOf(TestJwk.Ed25519().PublicJson));
    }

    [Fact]
    public void A_set_must_hold_exactly_one_key()
    {
        var a = TestJwk.Ed25519().PrivateJson;
        var b = TestJwk.Ec().PrivateJson;

        Assert.Equal("JWK set must contain exactly one key, got 2", ErrorOf($"{{\"keys\":[{a},{b}]}}"));
        Assert.Equal("JWK set must contain exactly one key, got 0", ErrorOf("{\"keys\":[]}"));
    }

    [Fact]
    public void Broken_keys_are_parse_errors_that_never_quote_the_key()
    {
        var ed = TestJwk.Ed25519();
        var ec = TestJwk.Ec();
        var otherX = TestJwk.Ed25519().PublicJson.Split("\"x\":\"")[1].Split('"')[0];
        var ecY = ec.PrivateJson.Split("\"y\":\"")[1].Split('"')[0];
        var cases = new Dictionary<string, string>
        {
            ["{not json"] = "parse JWK: invalid JSON at line 1, byte 2",
            ["[]"] = "parse JWK: a JWK must be a JSON object",
            ["{\"kty\":\"XYZ\"}"] = "parse JWK: go-jose/go-jose: unknown json web key type 'XYZ'",
            ["{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\",\"d\":\"AA\"}"] = "parse JWK: go-jose/go-jose: unsupported elliptic curve 'X25519'",
            ["{\"kty\":\"EC\",\"crv\":\"P-192\"}"] = "parse JWK: go-jose/go-jose: unsupported elliptic curve 'P-192'",
            ["{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"AA\"}"] = "parse JWK: go-jose/go-jose: invalid EC key, missing x/y values",
            [ed.PrivateJson.Replace("\"d\":\"", "\"d\":\"!!", StringComparison.Ordinal)] = "parse JWK: illegal base64 data in \"d\"",
            [ed.PrivateJson.Replace(ed.PublicJson.Split("\"x\":\"")[1].Split('"')[0], otherX, StringComparison.Ordinal)] = "parse JWK: Ed25519 public key \"x\" does not belong to private key \"d\"",
            [ec.PrivateJson.Replace(ecY, "A" + ecY[1..], StringComparison.Ordinal)] = "parse JWK: go-jose/go-jose: invalid EC private key",
        };

        foreach (var (json, expected) in cases)
        {
            var message = ErrorOf(json);
            Assert.Equal(expected, message);
            Assert.DoesNotContain(json.Split("\"d\":\"").ElementAtOrDefault(1)?.Split('"')[0] ?? "\u0000", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_shows_no_key_material()
    {
        var jwk = TestJwk.Ed25519(kid: "kid-1");
        var d = jwk.PrivateJson.Split("\"d\":\"")[1].Split('"')[0];

        var text = JwkKey.Parse(jwk.PrivateJson).ToString();

        Assert.Contains("kid-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(d, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(d)), text, StringComparison.Ordinal);
    }

    private static string ErrorOf(string json) => Assert.Throws<CredentialException>(() => JwkKey.Parse(json)).Message;
}
