namespace FluxMirror.Registry.Transport;

/// <summary>The ping gave no usable answer; callers proceed anonymously for this request.</summary>
internal sealed class PingInconclusiveException : Exception
{
    public PingInconclusiveException()
        : base("registry ping was inconclusive")
    {
    }
}
