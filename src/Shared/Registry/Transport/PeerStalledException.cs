namespace FluxMirror.Registry.Transport;

/// <summary>Which part of an HTTP exchange a peer stopped making progress in.</summary>
public enum StallPhase
{
    /// <summary>The request was sent; no response headers came.</summary>
    ResponseHeaders,

    /// <summary>The peer stopped taking the request body.</summary>
    RequestBody,

    /// <summary>The peer stopped sending the response body.</summary>
    ResponseBody,
}

/// <summary>
/// A peer that accepted a request and then stopped making progress: no response headers within the header timeout,
/// or a body that moved no byte for the idle timeout. It is an <see cref="HttpRequestException"/>, so every layer
/// that handles connection errors (retries, error messages, the gate's outcome) handles it the same way. The message
/// names the host and the phase, never a URL's query or a credential.
/// </summary>
public sealed class PeerStalledException : HttpRequestException
{
    public PeerStalledException(string host, StallPhase phase, TimeSpan timeout)
        : base(Describe(host, phase, timeout))
    {
        Host = host;
        Phase = phase;
        Timeout = timeout;
    }

    public string Host { get; }

    public StallPhase Phase { get; }

    public TimeSpan Timeout { get; }

    private static string Describe(string host, StallPhase phase, TimeSpan timeout) => phase switch
    {
        StallPhase.ResponseHeaders => $"timed out after {Format(timeout)} waiting for response headers from {host}",
        StallPhase.RequestBody => $"timed out sending the request body to {host}: no progress for {Format(timeout)}",
        _ => $"timed out reading the response body from {host}: no data for {Format(timeout)}",
    };

    // "30s", "1.5s", "250ms": the Go duration formatter lives above this library, and these values are never exotic.
    private static string Format(TimeSpan timeout) => timeout < TimeSpan.FromSeconds(1)
        ? $"{timeout.TotalMilliseconds:0.###}ms"
        : $"{timeout.TotalSeconds:0.###}s";
}
