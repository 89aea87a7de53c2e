using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FluxMirror.Registry.Credentials.Tokens.Jwk;

/// <summary>
/// Self-signs the JWTs of a <c>jwkPath</c>/<c>jwkValue</c> credential, shaped like the reference's
/// (fluxcd/pkg <c>auth/jwt</c>): header <c>alg</c>, <c>kid</c> (when the JWK has one), <c>typ</c> JWT; claims
/// <c>iss</c>, <c>sub</c>, <c>aud</c> (an array of one), <c>exp</c> = now + lifetime, <c>nbf</c> = now − 30 s (clock
/// skew at the registry), <c>iat</c> = now, <c>jti</c> = 16 random bytes in hex.
/// </summary>
public sealed class JwtSigner
{
    /// <summary>The lifetime when the config sets no <c>exp</c>; such tokens are minted per request.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan NotBeforeSkew = TimeSpan.FromSeconds(30);

    private readonly JwkKey _key;
    private readonly string _issuer;
    private readonly string _subject;
    private readonly string _audience;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;
    private readonly string _encodedHeader;

    public JwtSigner(JwkKey key, string issuer, string subject, string audience, TimeSpan lifetime, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _key = key;
        _issuer = issuer;
        _subject = subject;
        _audience = audience;
        _lifetime = lifetime;
        _clock = clock ?? TimeProvider.System;
        _encodedHeader = Base64Url.EncodeToString(Header(key));
    }

    /// <summary>
    /// The host credential of a JWK: with no configured <c>exp</c> a fresh 60 s token per request (never cached, as the
    /// reference does); with one, a token reused for half its lifetime.
    /// </summary>
    public static MintedTokenSource Source(string host, JwkKey key, string issuer, string subject, string audience, TimeSpan? lifetime, TimeProvider? clock = null)
    {
        var signer = new JwtSigner(key, issuer, subject, audience, lifetime ?? DefaultLifetime, clock);
        return new MintedTokenSource(host, _ => ValueTask.FromResult(signer.Sign()), cache: lifetime is not null, clock);
    }

    /// <summary>A newly signed token, valid from now for the configured lifetime.</summary>
    public string Sign()
    {
        var signingInput = _encodedHeader + "." + Base64Url.EncodeToString(Claims(_clock.GetUtcNow()));
        var signature = _key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static byte[] Header(JwkKey key) => Json(writer =>
    {
        writer.WriteString("alg", key.Algorithm);
        if (!string.IsNullOrEmpty(key.KeyId))
        {
            writer.WriteString("kid", key.KeyId);
        }

        writer.WriteString("typ", "JWT");
    });

    private byte[] Claims(DateTimeOffset now) => Json(writer =>
    {
        writer.WriteString("iss", _issuer);
        writer.WriteString("sub", _subject);
        writer.WriteStartArray("aud");
        writer.WriteStringValue(_audience);
        writer.WriteEndArray();
        writer.WriteNumber("exp", (now + _lifetime).ToUnixTimeSeconds());
        writer.WriteNumber("nbf", (now - NotBeforeSkew).ToUnixTimeSeconds());
        writer.WriteNumber("iat", now.ToUnixTimeSeconds());
        writer.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    });

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
