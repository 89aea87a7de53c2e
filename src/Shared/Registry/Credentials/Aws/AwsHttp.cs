namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>
/// The HTTP client for AWS API calls: the platform's default handler, so <c>HTTPS_PROXY</c>/<c>NO_PROXY</c> and the
/// system trust store (<c>SSL_CERT_FILE</c>) apply exactly as for any other client, and a bound on every call.
/// </summary>
public static class AwsHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout,
    };
}
