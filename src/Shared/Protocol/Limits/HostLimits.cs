namespace FluxMirror.Protocol.Limits;

/// <summary>
/// The request limits of every registry host: one default for all hosts plus per-host overrides (e.g. a
/// slower <c>registry-1.docker.io</c>). Hosts are matched as the registry client names them (host[:port]),
/// case-insensitively.
/// </summary>
/// <param name="RequestsPerSecond">0 = no rate limit (only the concurrency limit applies).</param>
public sealed record HostLimits(int MaxConcurrent, double RequestsPerSecond, IReadOnlyDictionary<string, HostLimit>? Overrides = null)
{
    public const int DefaultMaxRequestsPerHost = 32;

    /// <summary>Largest accepted rate; far above what any registry allows, small enough for exact token math.</summary>
    public const double MaxRequestsPerSecond = 1_000_000;

    public static HostLimits Default { get; } = new(DefaultMaxRequestsPerHost, 0);

    public HostLimit For(string host) =>
        Overrides?.FirstOrDefault(o => string.Equals(o.Key, host, StringComparison.OrdinalIgnoreCase)).Value
        ?? new HostLimit(MaxConcurrent, RequestsPerSecond);
}
