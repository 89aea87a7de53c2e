namespace FluxMirror.Registry.Transport;

/// <summary>Unusable TLS material (CA bundle, client certificate or key); the message is a one-liner without key bytes.</summary>
public sealed class TlsMaterialException : Exception
{
    public TlsMaterialException(string message)
        : base(message)
    {
    }

    public TlsMaterialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
