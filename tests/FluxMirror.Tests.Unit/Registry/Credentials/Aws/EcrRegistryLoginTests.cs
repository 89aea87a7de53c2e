using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Aws;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.TestSupport.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>ECR logins against the fake ECR JSON API: signing, both API shapes, expiry and every error message.</summary>
public sealed class EcrRegistryLoginTests : IAsyncLifetime
{
    private const string Host = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private readonly AwsTestKeys _keys = new();
    private FakeEcr _ecr = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _ecr = await FakeEcr.StartAsync(_keys, Ct);

    public ValueTask DisposeAsync() => _ecr.DisposeAsync();

    private EcrRegistryLogin Login(ResolveAwsCredentials? credentials = null) => new(
        AwsTestEnvironment.Of(("AWS_ENDPOINT_URL_ECR", _ecr.Url), ("AWS_ENDPOINT_URL_ECR_PUBLIC", _ecr.Url)),
        credentials ?? (_ => Task.FromResult(new Amazon.Runtime.ImmutableCredentials(AwsTestKeys.Static.AccessKeyId, AwsTestKeys.Static.SecretAccessKey, null))));

    [Fact]
    public async Task A_private_registry_login_is_a_signed_get_authorization_token_in_the_hosts_region()
    {
        var login = await Login().LoginAsync(Host, Ct);

        var call = Assert.Single(_ecr.Calls);
        Assert.Equal(FakeEcr.PrivateTarget, call.Target);
        Assert.True(call.Signature.Valid, call.Signature.Reason);
        Assert.Equal((AwsTestKeys.Static.AccessKeyId, "eu-west-1", "ecr"), (call.Signature.AccessKeyId, call.Signature.Region, call.Signature.Service));
        Assert.Equal(("AWS", call.IssuedPassword), (login.Username, login.Password));
        Assert.InRange(login.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(11.9), DateTimeOffset.UtcNow.AddHours(12.1));
        Assert.DoesNotContain(login.Password, login.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_ecr_uses_the_public_api_signed_for_us_east_1()
    {
        var login = await Login().LoginAsync("public.ecr.aws", Ct);

        var call = Assert.Single(_ecr.Calls);
        Assert.Equal(FakeEcr.PublicTarget, call.Target);
        Assert.Equal(("us-east-1", "ecr-public"), (call.Signature.Region, call.Signature.Service));
        Assert.Equal("AWS", login.Username);
    }

    [Fact]
    public void A_fractional_expiry_and_both_response_shapes_are_read()
    {
        var token = Convert.ToBase64String("AWS:pw"u8.ToArray());

        var privateLogin = EcrRegistryLogin.ParseLogin($"{{\"authorizationData\":[{{\"authorizationToken\":\"{token}\",\"expiresAt\":1.7964324005E9}}]}}", isPublic: false);
        var publicLogin = EcrRegistryLogin.ParseLogin($"{{\"authorizationData\":{{\"authorizationToken\":\"{token}\",\"expiresAt\":1796432400}}}}", isPublic: true);

        Assert.Equal(new CloudLogin("AWS", "pw", DateTimeOffset.FromUnixTimeMilliseconds(1_796_432_400_500)), privateLogin);
        Assert.Equal(new CloudLogin("AWS", "pw", DateTimeOffset.FromUnixTimeSeconds(1_796_432_400)), publicLogin);
    }

    [Theory]
    [InlineData("{\"authorizationData\":[]}", "no authorization data returned")]
    [InlineData("{\"authorizationData\":[{\"expiresAt\":1}]}", "authorization token is nil")]
    [InlineData("{\"authorizationData\":[{\"authorizationToken\":\"QVdTOnB3\"}]}", "authorization token expiration is nil")]
    [InlineData("{\"authorizationData\":[{\"authorizationToken\":\"not base64!\",\"expiresAt\":1}]}", "failed to parse authorization token: illegal base64 data")]
    [InlineData("{\"authorizationData\":[{\"authorizationToken\":\"QVdTcHc=\",\"expiresAt\":1}]}", "invalid authorization token format")]
    public void Malformed_answers_read_like_the_reference(string body, string expected)
    {
        Assert.Equal(expected, Assert.Throws<CredentialException>(() => EcrRegistryLogin.ParseLogin(body, isPublic: false)).Message);
    }

    [Fact]
    public async Task An_api_error_carries_the_aws_code_and_message_through_the_cloud_source()
    {
        _ecr.FailWith("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken");
        var source = new CloudCredentialSource(Host, Login());

        var error = await Assert.ThrowsAsync<CredentialException>(() => source.ResolveAsync(Ct).AsTask());

        Assert.Matches(
            "^get aws registry credentials for \"123456789012\\.dkr\\.ecr\\.eu-west-1\\.amazonaws\\.com\": failed to create artifact registry credentials: " +
            "operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: fake-[0-9a-f]{8}, " +
            "api error AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken$",
            error.Message);
        Assert.DoesNotContain(AwsTestKeys.Static.SecretAccessKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_chain_failure_is_an_access_token_failure()
    {
        var error = await Assert.ThrowsAsync<CredentialException>(() => Login(_ => throw new CredentialException("no credentials")).LoginAsync(Host, Ct));

        Assert.Equal("failed to get access token for artifact registry: no credentials", error.Message);
        Assert.Empty(_ecr.Calls);
    }

    [Fact]
    public async Task A_host_outside_ecr_is_refused_before_any_call()
    {
        var error = await Assert.ThrowsAsync<CredentialException>(() => Login().LoginAsync("ghcr.io", Ct));

        Assert.StartsWith("invalid AWS registry: 'ghcr.io'. must match ", error.Message, StringComparison.Ordinal);
        Assert.Empty(_ecr.Calls);
    }
}
