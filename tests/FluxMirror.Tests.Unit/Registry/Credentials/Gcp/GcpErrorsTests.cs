using System.Net;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Gcp;
using Google.Apis.Auth.OAuth2.Responses;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Gcp;

public sealed class GcpErrorsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_token_endpoint_refusal_reads_as_go_oauth2_words_it()
    {
        var refusal = new TokenResponseException(
            new TokenErrorResponse { Error = "invalid_grant", ErrorDescription = "Invalid JWT Signature." }, HttpStatusCode.BadRequest);

        Assert.Equal("oauth2: \"invalid_grant\" \"Invalid JWT Signature.\"", GcpErrors.Describe(refusal, Timeout));
    }

    [Fact]
    public void A_refusal_without_description_keeps_the_code_only()
    {
        var refusal = new TokenResponseException(new TokenErrorResponse { Error = "invalid_client" }, HttpStatusCode.Unauthorized);

        Assert.Equal("oauth2: \"invalid_client\"", GcpErrors.Describe(refusal, Timeout));
    }

    [Fact]
    public void A_refusal_without_an_error_code_names_the_status()
    {
        var refusal = new TokenResponseException(new TokenErrorResponse(), HttpStatusCode.InternalServerError);

        Assert.Equal("oauth2: cannot fetch token: 500 InternalServerError", GcpErrors.Describe(refusal, Timeout));
    }

    [Fact]
    public void Missing_default_credentials_read_as_go_google_words_it()
    {
        var missing = new InvalidOperationException(
            "Your default credentials were not found. To set up Application Default Credentials, see https://cloud.google.com/docs/authentication/external/set-up-adc.");

        Assert.Equal(GcpErrors.NoDefaultCredentials, GcpErrors.Describe(missing, Timeout));
        Assert.StartsWith("google: could not find default credentials.", GcpErrors.NoDefaultCredentials, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_line_library_messages_keep_their_first_line()
    {
        var unreadable = new InvalidOperationException(
            "Error reading credential file from location /tmp/sa.json: Unexpected character\nPlease check the value of the Environment Variable GOOGLE_APPLICATION_CREDENTIALS.");

        Assert.Equal("Error reading credential file from location /tmp/sa.json: Unexpected character", GcpErrors.Describe(unreadable, Timeout));
    }

    [Fact]
    public void Timeouts_name_the_bound()
    {
        Assert.Equal("timed out after 30s", GcpErrors.Describe(new TimeoutException(), Timeout));
        Assert.Equal("timed out after 30s", GcpErrors.Describe(new TaskCanceledException(), Timeout));
    }

    [Fact]
    public void A_credential_exception_passes_through()
    {
        Assert.Equal("already worded", GcpErrors.Describe(new CredentialException("already worded"), Timeout));
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(GcpErrors.IsFailure(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.True(GcpErrors.IsFailure(new OperationCanceledException(), CancellationToken.None));
    }
}
