using FluxMirror.Registry.Transport;

namespace FluxMirror.Protocol.Messages;

/// <summary>Messages routed to one registry host's limiter (local child or cluster entity alike).</summary>
public interface IWithHost : IMirrorMessage
{
    string Host { get; }
}

/// <summary>A node's gate asks for up to <paramref name="Count"/> request permits for a host; granted when budget allows.</summary>
public sealed record LeasePermits(string Host, int Count) : IWithHost;

/// <summary>Permits granted; <paramref name="PausedUntil"/> tells the gate to hold requests until then.</summary>
public sealed record PermitsLeased(string Host, int Count, DateTimeOffset? PausedUntil) : IWithHost;

/// <summary>A gate gives permits back, with how the requests they covered went (feeds the AIMD limit).</summary>
public sealed record ReturnPermits(string Host, int Count, int Succeeded, int Failed) : IWithHost;

/// <summary>
/// Sent by the limiter to the gates holding permits when a lease has to wait: a gate with leased permits it is not
/// using gives them back now, not after its idle delay, so a small budget is not parked on one node while another waits.
/// </summary>
public sealed record ReleaseSparePermits(string Host) : IWithHost;

/// <summary>The registry answered 429/503 with Retry-After: pause the host for every node.</summary>
public sealed record HostThrottled(string Host, TimeSpan RetryAfter) : IWithHost;

/// <summary>Broadcast by the limiter to every gate holding permits: stop sending to this host until then.</summary>
public sealed record HostPaused(string Host, DateTimeOffset Until, int Limit) : IWithHost;

/// <summary>A node's gate asks for up to <paramref name="Count"/> request tokens of a rate-limited host (one per request).</summary>
public sealed record LeaseTokens(string Host, int Count) : IWithHost;

/// <summary>
/// Request tokens granted (possibly 0). Sent before the permits of a rate-limited host, so the gate knows to
/// spend tokens; <paramref name="Unlimited"/> tells a gate that asked a host without a rate limit to stop asking.
/// </summary>
public sealed record TokensLeased(string Host, int Count, bool Unlimited) : IWithHost;

/// <summary>A gate gives back tokens it did not spend (its requests ran out), for other nodes to use.</summary>
public sealed record ReturnTokens(string Host, int Count) : IWithHost;

/// <summary>An operator asks one host's limiter how its budget stands (<c>ratelimit show</c>).</summary>
public sealed record GetHostLimit(string Host) : IWithHost;

/// <summary>
/// An operator changes one host's budget at run time (<c>ratelimit set HOST N[/RPS]</c>): at most
/// <paramref name="MaxConcurrent"/> requests in flight and, when given, <paramref name="RequestsPerSecond"/> (0 = no rate limit).
/// It holds until the limiter restarts (its node leaves); FLUX_MIRROR_HOST_LIMITS makes it permanent.
/// </summary>
public sealed record SetHostLimit(string Host, int MaxConcurrent, double? RequestsPerSecond) : IWithHost;

/// <summary>
/// How one host's budget stands: the configured maximum, the adaptive limit in effect, the permits in use and the
/// leases waiting, the rate limit (0 = none) and until when the host is paused (null = not paused).
/// </summary>
public sealed record HostLimitState(string Host, int MaxConcurrent, int Limit, int InUse, int Waiting, double RequestsPerSecond, DateTimeOffset? PausedUntil) : IWithHost;
