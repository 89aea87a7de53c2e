using Akka.Actor;

namespace FluxMirror.Actors.JobManagement;

/// <summary>
/// Whether a message fits in one remoting frame. A larger one is dropped by the transport (logged, never
/// delivered): a submission or a job spec that big would leave its asker waiting and the job's workers without
/// their spec. Checked before such a message is sent or journaled, so the job is refused with the reason.
/// </summary>
public static class RemotingLimit
{
    public const string FrameSizeSetting = "akka.remote.dot-netty.tcp.maximum-frame-size";

    // Recipient and sender paths, manifest and serializer id travel with the payload.
    private const long EnvelopeBytes = 4096;

    /// <summary>The one-line refusal when <paramref name="message"/> cannot cross between nodes, else null (also without remoting).</summary>
    public static string? Problem(ActorSystem system, object message, string what)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(message);
        var config = system.Settings.Config;
        if (!config.HasPath(FrameSizeSetting) || config.GetByteSize(FrameSizeSetting, null) is not { } frame)
        {
            return null;
        }

        var limit = frame - EnvelopeBytes;
        var size = system.Serialization.FindSerializerFor(message).ToBinary(message).LongLength;
        return size <= limit
            ? null
            : $"the config is too large for the cluster: its {what} is {size} bytes, more than the {limit} bytes nodes can send each other ({FrameSizeSetting})";
    }
}
