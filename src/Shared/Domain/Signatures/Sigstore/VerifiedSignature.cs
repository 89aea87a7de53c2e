namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// What a verified signature proves, read from the verified certificate and log entries (not from the policy).
/// </summary>
/// <param name="Identity">The certificate's SAN (URI or email).</param>
/// <param name="Issuer">The certificate's OIDC issuer extension.</param>
/// <param name="IntegratedTimes">Every verified transparency-log integrated time; <see cref="OldestIntegratedTime"/> is the one reported.</param>
public sealed record VerifiedSignature(string Identity, string Issuer, IReadOnlyList<DateTimeOffset> IntegratedTimes)
{
    public DateTimeOffset? OldestIntegratedTime => IntegratedTimes.Count == 0 ? null : IntegratedTimes.Min();
}
