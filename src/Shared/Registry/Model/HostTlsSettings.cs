namespace FluxMirror.Registry.Model;

/// <summary>
/// TLS material for one host, as PEM text. A CA bundle replaces the system roots entirely (it is the only trust
/// anchor for that host); a client certificate and key enable mTLS. SPIFFE replaces either half: the server is
/// verified against the Workload API's X.509 bundle and authorized by <see cref="SpiffeServerAuthorizer"/>, and
/// <see cref="PresentSvid"/> presents the workload's X.509-SVID; both read one X.509 source per host.
/// </summary>
public sealed record HostTlsSettings
{
    public string? CaBundlePem { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    /// <summary><c>serverAuth.spiffe</c>: which server SPIFFE IDs are accepted; null = not SPIFFE.</summary>
    public SpiffeAuthorizer? SpiffeServerAuthorizer { get; init; }

    /// <summary><c>clientAuth.provider: x509-svid</c>.</summary>
    public bool PresentSvid { get; init; }

    public bool UsesSpiffe => SpiffeServerAuthorizer is not null || PresentSvid;

    public override string ToString() =>
        $"HostTlsSettings {{ CaBundle = {CaBundlePem is not null}, ClientCertificate = {ClientCertificatePem is not null}, " +
        $"SpiffeServer = {SpiffeServerAuthorizer?.ToString() ?? "none"}, PresentSvid = {PresentSvid} }}";
}
