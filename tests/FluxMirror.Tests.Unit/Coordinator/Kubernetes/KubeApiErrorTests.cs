using System.Net;
using FluxMirror.Coordinator.Kubernetes;
using k8s.Autorest;

namespace FluxMirror.Tests.Unit.Coordinator.Kubernetes;

public sealed class KubeApiErrorTests
{
    private static HttpOperationException Failure(HttpStatusCode code, string body) =>
        new() { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body) };

    [Fact]
    public void A_status_body_gives_its_message_and_reason()
    {
        var ex = Failure(HttpStatusCode.Conflict, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"secrets \"x\" already exists","reason":"AlreadyExists","code":409}""");

        Assert.Equal("secrets \"x\" already exists", KubeApiError.Describe(ex, "Post", "https://k/api/v1/namespaces/d/secrets"));
        Assert.True(KubeApiError.Is(ex, HttpStatusCode.Conflict, "AlreadyExists"));
        Assert.False(KubeApiError.Is(ex, HttpStatusCode.Conflict, "Conflict"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "", "Unauthorized")]
    [InlineData(HttpStatusCode.Forbidden, "<html>denied</html>", "forbidden")]
    [InlineData(HttpStatusCode.BadGateway, "upstream down", "an error on the server (\"upstream down\") has prevented the request from succeeding")]
    [InlineData(HttpStatusCode.TooManyRequests, "", "the server responded with the status code 429 but did not return more information")]
    public void A_body_that_is_not_a_status_gives_client_go_generic_text(HttpStatusCode code, string body, string expected) =>
        Assert.Equal(expected, KubeApiError.Describe(Failure(code, body), "Get", "https://k/x"));

    [Fact]
    public void A_transport_failure_names_the_call() =>
        Assert.Equal(
            "Put \"https://k/api/v1/namespaces/d/secrets/x\": context deadline exceeded",
            KubeApiError.Describe(new HttpRequestException("context deadline exceeded"), "Put", "https://k/api/v1/namespaces/d/secrets/x"));
}
