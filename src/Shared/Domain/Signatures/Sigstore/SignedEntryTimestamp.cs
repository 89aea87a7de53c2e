using System.Globalization;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// A Rekor v1 signed entry timestamp (SET, the bundle's inclusion promise): the log's signature over the canonical
/// (RFC 8785) JSON <c>{"body":…,"integratedTime":…,"logID":…,"logIndex":…}</c> of the entry.
/// </summary>
public static class SignedEntryTimestamp
{
    /// <summary>
    /// The signed bytes: keys sorted, no whitespace; <c>body</c> is the base64 of the canonicalized body and
    /// <c>logID</c> the lowercase hex of the log id. Base64, hex and integers need no escaping, so this is already
    /// the RFC 8785 form.
    /// </summary>
    public static byte[] Payload(ReadOnlySpan<byte> canonicalizedBody, long integratedTime, ReadOnlySpan<byte> logId, long logIndex)
    {
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"body\":\"{Convert.ToBase64String(canonicalizedBody)}\",\"integratedTime\":{integratedTime},\"logID\":\"{Convert.ToHexStringLower(logId)}\",\"logIndex\":{logIndex}}}");
        return System.Text.Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Unix seconds as a time, clamped to what <see cref="DateTimeOffset"/> can hold.</summary>
    public static DateTimeOffset UnixTime(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, DateTimeOffset.MinValue.ToUnixTimeSeconds(), DateTimeOffset.MaxValue.ToUnixTimeSeconds()));

    /// <summary>
    /// Checks the entry's SET against the log that signed it, as sigstore-go's <c>tlog.VerifySET</c> does: the log key
    /// must have a validity start and be valid at the entry's integrated time.
    /// </summary>
    /// <exception cref="SignatureVerificationException">With sigstore-go's text for each failure.</exception>
    public static void Verify(TlogEntry entry, TransparencyLogKey log)
    {
        if (log.ValidFor.Start is null)
        {
            throw new SignatureVerificationException("rekor validity period start time not set");
        }
        // An integrated time of 0 is Go's zero time, before any validity start.
        if (entry.IntegratedTime == 0 || !log.ValidFor.Contains(UnixTime(entry.IntegratedTime)))
        {
            throw new SignatureVerificationException("rekor log public key not valid at payload integrated time");
        }
        var payload = Payload(entry.CanonicalizedBody, entry.IntegratedTime, entry.LogId, entry.LogIndex);
        if (entry.SignedEntryTimestamp is null || !TransparencyLogSignature.Verify(log, payload, entry.SignedEntryTimestamp))
        {
            throw new SignatureVerificationException("unable to verify SET");
        }
    }
}
