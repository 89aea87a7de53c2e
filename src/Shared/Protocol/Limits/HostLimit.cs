namespace FluxMirror.Protocol.Limits;

/// <summary>
/// The limits of one registry host, for the whole job or cluster: at most <paramref name="MaxConcurrent"/>
/// requests in flight and, unless <paramref name="RequestsPerSecond"/> is 0, at most that many requests a
/// second (with a burst of one second's worth).
/// </summary>
public sealed record HostLimit(int MaxConcurrent, double RequestsPerSecond)
{
    public bool IsRateLimited => RequestsPerSecond > 0;
}
