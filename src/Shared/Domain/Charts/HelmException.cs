namespace FluxMirror.Domain.Charts;

/// <summary>A Helm repository, index or chart archive problem; the message is the user-facing one-line error.</summary>
public sealed class HelmException(string message, Exception? inner = null) : Exception(message, inner);
