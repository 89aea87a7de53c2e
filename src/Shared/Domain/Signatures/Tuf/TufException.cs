namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// Why the TUF repository could not deliver a trusted target. One line naming the metadata file (or target) and the
/// reason, e.g. <c>timestamp.json expired at 2026-01-01T00:00:00Z</c> or <c>trusted_root.json: hash mismatch</c>.
/// </summary>
public sealed class TufException(string message, Exception? inner = null) : Exception(message, inner);
