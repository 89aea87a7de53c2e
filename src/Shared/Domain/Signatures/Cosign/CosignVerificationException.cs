namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Verification of one tag failed. The message is the reference's text without the <c>verify &lt;src&gt;: </c>
/// prefix the planner adds, e.g. <c>no sigstore bundle found in referrers</c>.
/// </summary>
public sealed class CosignVerificationException(string message, Exception? inner = null) : Exception(message, inner);
