using System.Net;
using System.Text;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Azure;
using FluxMirror.TestSupport.Azure;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

public sealed class AcrTokenExchangeTests
{
    private const string AadToken = "aad-token-value-1234";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_exchange_posts_the_form_azcontainerregistry_sends()
    {
        var refresh = FakeJwt.Unsigned(DateTimeOffset.UtcNow.AddHours(3));
        var handler = new RecordingHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, $"{{\"refresh_token\":\"{refresh}\"}}")));
        using var http = new HttpClient(handler);

        var token = await new AcrTokenExchange(http).ExchangeAsync("myregistry.azurecr.io", AadToken, Ct);

        Assert.Equal(refresh, token);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://myregistry.azurecr.io/oauth2/exchange?api-version=2021-07-01", request.RequestUri!.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("application/json", Assert.Single(request.Headers.Accept).MediaType);
        Assert.Equal($"access_token={AadToken}&grant_type=access_token&service=myregistry.azurecr.io", body);
    }

    [Fact]
    public async Task A_refusal_reads_like_azcores_response_error_on_one_line_without_the_token()
    {
        var handler = new RecordingHandler((_, _) => Task.FromResult(Json(
            HttpStatusCode.Unauthorized,
            $"{{\"errors\":[{{\"code\":\"UNAUTHORIZED\",\"message\":\"token {AadToken} is not valid\\nfor this registry\"}}]}}")));
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<CredentialException>(() => new AcrTokenExchange(http).ExchangeAsync("myregistry.azurecr.io", AadToken, Ct));

        Assert.StartsWith("POST https://myregistry.azurecr.io/oauth2/exchange: RESPONSE 401: 401 Unauthorized: ERROR CODE: UNAUTHORIZED: token ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_refusal_without_an_error_document_says_so()
    {
        var handler = new RecordingHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") }));
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<CredentialException>(() => new AcrTokenExchange(http).ExchangeAsync("r.azurecr.io", AadToken, Ct));

        Assert.Equal("POST https://r.azurecr.io/oauth2/exchange: RESPONSE 502: 502 Bad Gateway: ERROR CODE UNAVAILABLE", error.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"refresh_token\":\"\"}")]
    [InlineData("not json")]
    public async Task An_answer_without_a_refresh_token_fails(string body)
    {
        var handler = new RecordingHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, body)));
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<CredentialException>(() => new AcrTokenExchange(http).ExchangeAsync("r.azurecr.io", AadToken, Ct));

        Assert.Equal("POST https://r.azurecr.io/oauth2/exchange: the response carried no refresh_token", error.Message);
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        var handler = new RecordingHandler((_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{\"refresh_token\":\"" + new string('a', 300 * 1024) + "\"}")));
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<CredentialException>(() => new AcrTokenExchange(http).ExchangeAsync("r.azurecr.io", AadToken, Ct));

        Assert.Equal("POST https://r.azurecr.io/oauth2/exchange: response exceeds 262144 bytes", error.Message);
    }

    [Fact]
    public async Task A_silent_registry_times_out()
    {
        var handler = new RecordingHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var http = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<CredentialException>(() => new AcrTokenExchange(http, TimeSpan.FromMilliseconds(200)).ExchangeAsync("r.azurecr.io", AadToken, Ct));

        Assert.Equal("POST https://r.azurecr.io/oauth2/exchange: timed out after 0.2s", error.Message);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
