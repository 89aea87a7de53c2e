using System.Security.Cryptography.X509Certificates;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// The TLS callbacks of one SPIFFE host, reading the host's <see cref="X509Source"/> at every handshake (so a rotated
/// SVID or bundle is used by the next connection): the server chain is verified against the X.509 bundle only (no
/// system roots) and its SPIFFE ID authorized; the host name is not checked, SPIFFE authorization replaces it, as in
/// go-spiffe. The client presents the current X.509-SVID. The last rejection is kept for the error message.
/// </summary>
internal sealed class SpiffeTlsHook
{
    private string? _lastRejection;

    public SpiffeTlsHook(string host, X509Source source, SpiffeAuthorizer? serverAuthorizer, bool presentSvid)
    {
        Host = host;
        Source = source;
        ServerAuthorizer = serverAuthorizer;
        PresentSvid = presentSvid;
    }

    public string Host { get; }

    public X509Source Source { get; }

    /// <summary>Null when the server is verified another way (system roots or a CA bundle).</summary>
    public SpiffeAuthorizer? ServerAuthorizer { get; }

    public bool PresentSvid { get; }

    /// <summary>Why the last server certificate was refused, if one was; taking it clears it.</summary>
    public string? TakeRejection() => Interlocked.Exchange(ref _lastRejection, null);

    public X509Certificate? ClientCertificate() => Source.Current?.Certificate;

    public bool ValidateServer(X509Certificate? presented, X509Chain? presentedChain)
    {
        var reason = ServerRejection(presented, presentedChain);
        if (reason is not null)
        {
            Volatile.Write(ref _lastRejection, reason);
        }

        return reason is null;
    }

    private string? ServerRejection(X509Certificate? presented, X509Chain? presentedChain)
    {
        if (ServerAuthorizer is null)
        {
            return null;
        }

        if (Source.Current is not { } context)
        {
            return "no X.509 bundle received from the Workload API yet";
        }

        if (presented is null)
        {
            return "x509svid: no server certificate presented";
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(context.Bundle);
        if (presentedChain is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain.ChainPolicy.ExtraStore);
        }

        if (!chain.Build(leaf))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return "x509svid: could not verify leaf certificate: " + (status.Length > 0 ? status : "untrusted chain");
        }

        string peerId;
        try
        {
            peerId = SpiffeUri.IdOf(leaf);
        }
        catch (CredentialException ex)
        {
            return "x509svid: could not get leaf SPIFFE ID: " + ex.Message;
        }

        return ServerAuthorizer.Reject(peerId, context.SpiffeId);
    }
}
