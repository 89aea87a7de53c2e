namespace FluxMirror.Domain.Mirroring;

/// <summary>A tag copy failed; the message is the one-line error of its report row.</summary>
/// <param name="partial">What the attempt established before failing (digest, referrer rows), kept on the failed row.</param>
public sealed class MirrorException(string message, Exception? inner = null, TagAttemptResult? partial = null) : Exception(message, inner)
{
    public TagAttemptResult? Partial { get; } = partial;
}
