using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Aws;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.TestSupport.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>The <c>aws</c> token provider's envelope, byte for byte, and its three error messages.</summary>
public sealed class AwsStsTokenMinterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ResolveAwsCredentials Credentials(AwsTestKey key) =>
        _ => Task.FromResult(new ImmutableCredentials(key.AccessKeyId, key.SecretAccessKey, key.SessionToken));

    [Fact]
    public async Task The_token_matches_the_references_envelope_byte_for_byte()
    {
        var minter = new AwsStsTokenMinter("registry.example", AwsTestEnvironment.Of(), Credentials(AwsTestKeys.Static), new FixedClock(Now));

        var token = await minter.MintAsync(Ct);

        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("", parts[2]);
        Assert.Equal("eyJhbGciOiJub25lIiwidHlwIjoiYXdzLXNpZ3Y0LWdldGNhbGxlcmlkZW50aXR5In0", parts[0]);
        Assert.Equal("{\"alg\":\"none\",\"typ\":\"aws-sigv4-getcalleridentity\"}", Text(parts[0]));
        Assert.Equal(
            "{\"aud\":\"registry.example\",\"exp\":1796299320,\"sts\":{\"body\":\"Action=GetCallerIdentity\\u0026Version=2011-06-15\"," +
            "\"headers\":{\"Authorization\":[\"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/sts/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-date;x-audience, Signature=" + ExpectedSignature + "\"]," +
            "\"Content-Type\":[\"application/x-www-form-urlencoded\"],\"X-Amz-Date\":[\"20261203T120000Z\"],\"X-Audience\":[\"registry.example\"]}," +
            "\"method\":\"POST\",\"url\":\"https://sts.us-east-1.amazonaws.com/\"}}",
            Text(parts[1]));
    }

    // Fixed by the clock and the key; computed independently (Python hmac/hashlib from the SigV4 specification).
    private const string ExpectedSignature = "2e1b23bcc87ee8a2c3e79659c50b9e0a47e6ebb8baf8570adaf13a6e811e06e2";

    [Fact]
    public async Task The_embedded_request_carries_a_valid_signature_for_sts()
    {
        var minter = new AwsStsTokenMinter("registry.example", AwsTestEnvironment.Of(), Credentials(AwsTestKeys.Static), new FixedClock(Now));

        var sts = StsClaim(await minter.MintAsync(Ct));

        var check = Replay(sts, AwsTestKeys.Static);
        Assert.True(check.Valid, check.Reason);
        Assert.Equal(("us-east-1", "sts"), (check.Region, check.Service));
    }

    [Fact]
    public async Task Session_credentials_add_a_signed_security_token_and_go_escaping_is_kept()
    {
        var session = new AwsTestKey("ASIASESSION", "session/secret", "token+with/slash=");
        var environment = AwsTestEnvironment.Of(("AWS_DEFAULT_REGION", "eu-west-1"));
        var minter = new AwsStsTokenMinter("https://r.example/?a=1&b=<2>", environment, Credentials(session), new FixedClock(Now));

        var token = await minter.MintAsync(Ct);

        var claims = Text(token.Split('.')[1]);
        Assert.StartsWith("{\"aud\":\"https://r.example/?a=1\\u0026b=\\u003c2\\u003e\",", claims, StringComparison.Ordinal);
        Assert.Contains("\"X-Amz-Security-Token\":[\"token+with/slash=\"],\"X-Audience\"", claims, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"https://sts.eu-west-1.amazonaws.com/\"", claims, StringComparison.Ordinal);
        var check = Replay(StsClaim(token), session);
        Assert.True(check.Valid, check.Reason);
    }

    [Fact]
    public async Task The_sts_endpoint_override_is_the_signed_url()
    {
        var environment = AwsTestEnvironment.Of(("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566"));
        var minter = new AwsStsTokenMinter("aud", environment, Credentials(AwsTestKeys.Static), new FixedClock(Now));

        var sts = StsClaim(await minter.MintAsync(Ct));

        Assert.Equal("http://127.0.0.1:4566/", sts.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Errors_read_like_the_reference()
    {
        var missingProfile = new AwsStsTokenMinter("aud", AwsTestEnvironment.Of(("AWS_PROFILE", "ci")), Credentials(AwsTestKeys.Static), new FixedClock(Now));
        var noCredentials = new AwsStsTokenMinter("aud", AwsTestEnvironment.Of(), _ => throw new CredentialException("no credentials found"), new FixedClock(Now));

        Assert.Equal("load AWS config: failed to get shared config profile, ci", (await Assert.ThrowsAsync<CredentialException>(() => missingProfile.MintAsync(Ct).AsTask())).Message);
        Assert.Equal("retrieve AWS credentials: no credentials found", (await Assert.ThrowsAsync<CredentialException>(() => noCredentials.MintAsync(Ct).AsTask())).Message);
    }

    [Fact]
    public async Task The_token_source_reuses_a_token_for_half_its_two_minutes()
    {
        var clock = new FixedClock(Now);
        var source = new MintedTokenSource("registry.example", new AwsStsTokenMinter("registry.example", AwsTestEnvironment.Of(), Credentials(AwsTestKeys.Static), clock).Mint, clock: clock);

        var first = await source.ResolveAsync(Ct);
        clock.Now = Now.AddSeconds(59);
        var reused = await source.ResolveAsync(Ct);
        clock.Now = Now.AddSeconds(61);
        var renewed = await source.ResolveAsync(Ct);

        Assert.Equal(first.BearerToken, reused.BearerToken);
        Assert.NotEqual(first.BearerToken, renewed.BearerToken);
        Assert.Equal(2, source.MintCount);
    }

    [Fact]
    public async Task A_failure_is_wrapped_as_a_ci_jwt_failure_for_the_host()
    {
        var source = new MintedTokenSource("registry.example", new AwsStsTokenMinter("registry.example", AwsTestEnvironment.Of(), _ => throw new CredentialException("boom"), new FixedClock(Now)).Mint);

        var error = await Assert.ThrowsAsync<CredentialException>(() => source.ResolveAsync(Ct).AsTask());

        Assert.Equal("failed to obtain CI JWT for host \"registry.example\": retrieve AWS credentials: boom", error.Message);
    }

    private static string Text(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    private static JsonElement StsClaim(string token) =>
        JsonDocument.Parse(Text(token.Split('.')[1])).RootElement.GetProperty("sts").Clone();

    private static SigV4Check Replay(JsonElement sts, AwsTestKey key)
    {
        var url = new Uri(sts.GetProperty("url").GetString()!);
        var headers = sts.GetProperty("headers").EnumerateObject()
            .ToDictionary(p => p.Name.ToLowerInvariant(), p => string.Join(',', p.Value.EnumerateArray().Select(v => v.GetString())));
        headers["host"] = url.IsDefaultPort ? url.Host : url.Authority;
        return SigV4Verifier.Verify(
            sts.GetProperty("method").GetString()!,
            url.AbsolutePath,
            url.Query,
            name => headers.GetValueOrDefault(name),
            Encoding.UTF8.GetBytes(sts.GetProperty("body").GetString()!),
            id => id == key.AccessKeyId ? key : null);
    }
}
