using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Accepts a remoting peer only if its certificate chains to one of the cluster's CA certificates. Akka runs
/// the check on both ends of a connection: the dialling node checks the node it reaches, the accepting node
/// checks the node that dialled (mutual authentication makes the dialling node present a certificate).
/// </summary>
internal static class RemotingPeerValidation
{
    public static CertificateValidationCallback IssuedBy(X509Certificate2Collection authorities) =>
        (certificate, _, remotePeer, _, log) =>
        {
            // The errors SslStream reports are computed against the operating system's trust store, which
            // does not hold the cluster's CA; the chain built here is the one that counts.
            if (certificate is null)
            {
                log?.Warning("Refused remoting peer {0}: it presented no certificate", remotePeer);
                return false;
            }

            if (ChainProblem(certificate, authorities) is not { } problem)
            {
                return true;
            }

            log?.Warning("Refused remoting peer {0}: its certificate {1} (issued by {2}) {3}", remotePeer, certificate.Subject, certificate.Issuer, problem);
            return false;
        };

    /// <summary>Null when <paramref name="certificate"/> chains to one of <paramref name="authorities"/>; otherwise why not.</summary>
    public static string? ChainProblem(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation lists, and a node must not reach out to the network to check.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (chain.Build(certificate))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return $"does not chain to {RemotingTls.AuthorityVariable}: {string.Join("; ", statuses)}";
    }
}
