namespace FluxMirror.Registry.Model;

/// <summary>
/// TLS material for one host, as PEM text. A CA bundle replaces the system roots entirely (it is the only trust
/// anchor for that host); a client certificate and key enable mTLS.
/// </summary>
public sealed record HostTlsSettings
{
    public string? CaBundlePem { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    public override string ToString() =>
        $"HostTlsSettings {{ CaBundle = {CaBundlePem is not null}, ClientCertificate = {ClientCertificatePem is not null} }}";
}
