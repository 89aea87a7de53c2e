using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// The Sigstore trusted root a job verifies against, obtained once and shared by every entry and tag of the job.
/// Failures throw <see cref="CosignVerificationException"/> with the reference's text (<c>fetch trusted root: …</c>,
/// <c>parse trusted root: …</c>, <c>create TUF client: …</c>).
/// </summary>
public interface ITrustedRootSource
{
    Task<TrustedRoot> GetAsync(CancellationToken ct);
}
