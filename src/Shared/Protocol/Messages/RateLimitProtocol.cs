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
