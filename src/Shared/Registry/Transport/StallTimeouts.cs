namespace FluxMirror.Registry.Transport;

/// <summary>
/// How long an HTTP exchange may wait on its peer: for the response headers once the request body is sent, and for
/// any progress of a request or response body. <see cref="Timeout.InfiniteTimeSpan"/> turns one off.
/// </summary>
public sealed record StallTimeouts
{
    public StallTimeouts(TimeSpan responseHeaders, TimeSpan bodyIdle)
    {
        ResponseHeaders = Validate(responseHeaders, nameof(responseHeaders));
        BodyIdle = Validate(bodyIdle, nameof(bodyIdle));
    }

    public TimeSpan ResponseHeaders { get; }

    public TimeSpan BodyIdle { get; }

    private static TimeSpan Validate(TimeSpan timeout, string name) =>
        timeout > TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan
            ? timeout
            : throw new ArgumentOutOfRangeException(name, timeout, "a stall timeout must be positive (or infinite)");
}
