using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// How fast the cluster gives up on a node that stopped answering. <see cref="StableAfter"/>: how long the
/// membership must be stable before the split-brain resolver downs unreachable nodes (Akka's default 20 s).
/// <see cref="RemovalMargin"/>: how long after a node is downed its shards and the singleton start elsewhere
/// (Akka's default: the same as StableAfter). Tag copies are idempotent, so the margin mainly protects the
/// job manager singleton; its journal rejects a second writer's events, which is why a shorter margin is safe
/// enough to trade for faster recovery.
/// </summary>
public sealed record DowningTimes(TimeSpan StableAfter, TimeSpan RemovalMargin)
{
    public const string StableAfterVariable = "FLUX_MIRROR_DOWN_UNREACHABLE_AFTER";
    public const string RemovalMarginVariable = "FLUX_MIRROR_DOWN_REMOVAL_MARGIN";

    public static DowningTimes Default { get; } = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));

    public static DowningTimes FromEnvironment(Func<string, string?> getEnv) => new(
        Parse(getEnv(StableAfterVariable), StableAfterVariable, Default.StableAfter),
        Parse(getEnv(RemovalMarginVariable), RemovalMarginVariable, Default.RemovalMargin));

    /// <summary>The HOCON that applies these times (SBR plus the sharding/singleton removal margin).</summary>
    public string ToHocon() =>
        $"""
        akka.cluster.split-brain-resolver.stable-after = {Millis(StableAfter)}ms
        akka.cluster.down-removal-margin = {Millis(RemovalMargin)}ms
        """;

    private static long Millis(TimeSpan t) => Math.Max(1, (long)t.TotalMilliseconds);

    private static TimeSpan Parse(string? text, string variable, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!GoDuration.TryParse(text, out var value) || value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{variable} must be a positive duration such as 20s or 1m, got \"{text}\"");
        }

        return value;
    }
}
