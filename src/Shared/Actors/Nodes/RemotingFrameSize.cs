using System.Globalization;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The largest message nodes send each other (Akka's <c>maximum-frame-size</c>, 128 000 bytes unless
/// <c>FLUX_MIRROR_MAX_FRAME_SIZE</c> says otherwise). A submitted config crosses between nodes whole, so it bounds the
/// config: about 800 artifact entries by default. Every node of a cluster must use the same value: a node drops a
/// frame larger than its own limit.
/// </summary>
public static class RemotingFrameSize
{
    public const string Variable = "FLUX_MIRROR_MAX_FRAME_SIZE";

    // Akka refuses less than 32 000 bytes; above 64 MiB one message would hold the connection (and the cluster's
    // heartbeats behind it) for too long.
    private const long Minimum = 32_000;
    private const long Maximum = 64L * 1024 * 1024;

    /// <summary>The frame size in bytes, or null to keep Akka's default.</summary>
    public static long? FromEnvironment(Func<string, string?> getEnv)
    {
        var text = getEnv(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= Minimum and <= Maximum
            ? bytes
            : throw new ArgumentException($"{Variable} must be a number of bytes between {Minimum} and {Maximum}, got \"{text}\"");
    }
}
