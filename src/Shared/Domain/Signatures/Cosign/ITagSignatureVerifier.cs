using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Verifies the signature of one source tag at plan time (one instance per artifacts entry with <c>verify</c>).
/// Returns the verified digest and metadata; throws <see cref="SignatureTooNewException"/> for a valid signature
/// younger than minAge and <see cref="CosignVerificationException"/> for every other failure.
/// </summary>
public interface ITagSignatureVerifier
{
    Task<CosignVerification> VerifyAsync(RepositoryRef source, string tag, CancellationToken ct);
}
