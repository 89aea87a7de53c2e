namespace FluxMirror.Domain.Keygen;

/// <summary>A key pair could not be written; the message is the reference's one-liner.</summary>
public sealed class KeygenException(string message) : Exception(message);
