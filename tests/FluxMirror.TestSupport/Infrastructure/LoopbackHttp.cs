namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>HttpClients for loopback registries: never via a proxy from the environment, never pooled with production code.</summary>
public static class LoopbackHttp
{
    public static HttpClient CreateClient(Uri baseUri, TimeSpan timeout) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = true })
        {
            BaseAddress = baseUri,
            Timeout = timeout,
        };
}
