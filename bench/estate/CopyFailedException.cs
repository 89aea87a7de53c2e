namespace FluxMirror.Bench.Estate;

/// <summary>A copier failed or left the destination incomplete: the bench's figures would mean nothing, so it exits non-zero.</summary>
internal sealed class CopyFailedException(string message) : Exception(message);
