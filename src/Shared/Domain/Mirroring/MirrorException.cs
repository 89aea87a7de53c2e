namespace FluxMirror.Domain.Mirroring;

/// <summary>A tag copy failed; the message is the one-line error of its report row.</summary>
public sealed class MirrorException(string message, Exception? inner = null) : Exception(message, inner);
