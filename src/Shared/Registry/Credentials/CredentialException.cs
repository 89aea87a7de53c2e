namespace FluxMirror.Registry.Credentials;

/// <summary>A credential could not be obtained. The message is a user-facing one-liner without secrets.</summary>
public sealed class CredentialException : Exception
{
    public CredentialException(string message)
        : base(message)
    {
    }

    public CredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
