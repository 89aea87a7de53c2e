namespace FluxMirror.Shared.Protocol;

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
