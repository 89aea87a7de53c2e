using System.Text;
using Amazon.Runtime;
using FluxMirror.Registry.Credentials.Aws;
using FluxMirror.TestSupport.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>The production signer against AWS's published test vector and against the test suite's independent verifier.</summary>
public sealed class AwsSigV4Tests
{
    private static readonly ImmutableCredentials Static = new(AwsTestKeys.Static.AccessKeyId, AwsTestKeys.Static.SecretAccessKey, null);

    [Fact]
    public void Signs_the_get_vanilla_vector_of_the_sigv4_test_suite()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        AwsSigV4.Sign(request, [], Static, "service", "us-east-1", new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public void A_signed_json_request_with_a_session_token_passes_the_independent_verifier()
    {
        var session = new AwsTestKey("ASIASESSIONKEY", "session/secret+key", "session-token/with+chars==");
        var (request, body) = EcrRequest();
        using (request)
        {
            AwsSigV4.Sign(request, body, new ImmutableCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken), "ecr", "eu-west-1", DateTimeOffset.UtcNow);

            var check = Verify(request, body, session);

            Assert.True(check.Valid, check.Reason);
            Assert.Equal(("eu-west-1", "ecr"), (check.Region, check.Service));
            Assert.Equal("content-type;host;x-amz-date;x-amz-security-token;x-amz-target", check.SignedHeaders);
        }
    }

    [Fact]
    public void A_changed_body_or_header_breaks_the_signature()
    {
        var (request, body) = EcrRequest();
        using (request)
        {
            AwsSigV4.Sign(request, body, Static, "ecr", "us-east-1", DateTimeOffset.UtcNow);

            Assert.False(Verify(request, "{\"x\":1}"u8.ToArray(), AwsTestKeys.Static).Valid);
            request.Headers.Remove("X-Amz-Target");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DeleteRepository");
            Assert.False(Verify(request, body, AwsTestKeys.Static).Valid);
        }
    }

    private static (HttpRequestMessage Request, byte[] Body) EcrRequest()
    {
        var body = "{}"u8.ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8443/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", FakeEcr.PrivateTarget);
        return (request, body);
    }

    private static SigV4Check Verify(HttpRequestMessage request, byte[] body, AwsTestKey key)
    {
        var headers = request.Headers.Concat(request.Content!.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
        headers["host"] = request.RequestUri!.Authority;
        return SigV4Verifier.Verify(
            request.Method.Method,
            request.RequestUri.AbsolutePath,
            request.RequestUri.Query,
            name => headers.GetValueOrDefault(name),
            body,
            id => id == key.AccessKeyId ? key : null);
    }
}
