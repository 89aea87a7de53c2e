namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Why a bundle, certificate, log entry or trusted root was refused. The message is sigstore-go's text for the same
/// failure (the part after the reference's <c>signature verification failed: </c>), so reports read the same.
/// </summary>
public sealed class SignatureVerificationException(string message, Exception? inner = null) : Exception(message, inner);
