using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>An X.509-SVID as a Workload API serves it: the certificate (with key) and its DER and PKCS#8 forms.</summary>
public sealed record IssuedSvid(string SpiffeId, X509Certificate2 Certificate, byte[] KeyPkcs8)
{
    public string SerialNumber => Certificate.SerialNumber;

    public override string ToString() => $"IssuedSvid {{ SpiffeId = {SpiffeId}, Serial = {SerialNumber} }}";
}
