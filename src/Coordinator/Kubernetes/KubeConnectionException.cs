namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>The connection could not be resolved; the message is client-go's wording, without the step prefix.</summary>
public sealed class KubeConnectionException(string message, Exception? inner = null) : Exception(message, inner);
