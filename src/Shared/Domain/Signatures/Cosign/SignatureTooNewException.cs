using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// A valid signature younger than <c>verify.minAge</c>: the tag is reported <c>skipped</c> (reason
/// <c>signature-too-new</c>) with its signed digest and the verification block (with age and minAge), not failed.
/// </summary>
public sealed class SignatureTooNewException(string digest, VerificationInfo info, string message) : Exception(message)
{
    public string Digest { get; } = digest;

    public VerificationInfo Info { get; } = info;
}
