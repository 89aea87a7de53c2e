using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>
/// One update of the Workload API: the default X.509-SVID (leaf with its private key, plus intermediates) and the
/// X.509 bundle of its trust domain. Replaced as a whole on rotation, so a handshake never mixes two updates.
/// </summary>
public sealed record X509Context(string SpiffeId, X509Certificate2 Certificate, X509Certificate2Collection Intermediates, X509Certificate2Collection Bundle)
{
    public override string ToString() => $"X509Context {{ SpiffeId = {SpiffeId}, Serial = {Certificate.SerialNumber}, Bundle = {Bundle.Count} }}";
}
