namespace FluxMirror.Protocol.Api;

/// <summary>
/// The pace of the API's long-lived streams (job events, <c>cluster tail</c>): while nothing happens, the node writes an
/// empty line every <see cref="Interval"/>, and a client that hears nothing for <see cref="ClientIdleBound"/> takes the
/// connection for dead (a coordinator cut off the network sends no RST). Four beats, so one lost or late beat is no
/// fail-over.
/// </summary>
public static class StreamHeartbeat
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ClientIdleBound = Interval * 4;
}
