namespace FluxMirror.Protocol.Limits;

/// <summary>The cluster nodes' host limits, from <c>FLUX_MIRROR_*</c> environment variables.</summary>
public static class HostLimitsEnvironment
{
    public const string MaxRequestsPerHostVariable = "FLUX_MIRROR_MAX_REQUESTS_PER_HOST";
    public const string RequestsPerSecondPerHostVariable = "FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST";
    public const string HostLimitsVariable = "FLUX_MIRROR_HOST_LIMITS";

    public static IReadOnlyList<string> Variables { get; } = [MaxRequestsPerHostVariable, RequestsPerSecondPerHostVariable, HostLimitsVariable];

    /// <summary>Unset or blank variables keep the defaults; a bad value throws <see cref="ArgumentException"/> naming the variable.</summary>
    public static HostLimits Read(Func<string, string?> getEnv)
    {
        var max = Value(getEnv, MaxRequestsPerHostVariable) is { } maxText
            ? HostLimitsParser.ParseConcurrency(maxText, MaxRequestsPerHostVariable)
            : HostLimits.DefaultMaxRequestsPerHost;
        var rate = Value(getEnv, RequestsPerSecondPerHostVariable) is { } rateText
            ? HostLimitsParser.ParseRate(rateText, RequestsPerSecondPerHostVariable)
            : 0;
        return new HostLimits(max, rate, ReadOverrides(getEnv, rate));
    }

    /// <summary>Only the per-host overrides (<see cref="HostLimitsVariable"/>); null when unset.</summary>
    public static IReadOnlyDictionary<string, HostLimit>? ReadOverrides(Func<string, string?> getEnv, double defaultRate) =>
        Value(getEnv, HostLimitsVariable) is { } text ? HostLimitsParser.ParseOverrides(text, defaultRate, HostLimitsVariable) : null;

    private static string? Value(Func<string, string?> getEnv, string name) => getEnv(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v : null;
}
