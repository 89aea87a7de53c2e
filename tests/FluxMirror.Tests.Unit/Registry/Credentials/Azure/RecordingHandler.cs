namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

/// <summary>Answers every request with <paramref name="respond"/> and keeps what was sent, body included.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        var response = await respond(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
