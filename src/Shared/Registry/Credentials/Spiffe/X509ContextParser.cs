using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluxMirror.Registry.Credentials.Spiffe.WorkloadApi;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>Turns an <c>X509SVIDResponse</c> into an <see cref="X509Context"/>: the first SVID is the default identity.</summary>
internal static class X509ContextParser
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaPublicKey = "1.2.840.113549.1.1.1";

    public static X509Context Parse(X509SVIDResponse response)
    {
        if (response.Svids.Count == 0)
        {
            throw new CredentialException("no SVIDs in response");
        }

        var svid = response.Svids[0];
        var chain = Certificates(svid.X509Svid.Span, "X509-SVID");
        var bundle = Certificates(svid.Bundle.Span, "bundle");
        var leaf = WithKey(chain[0], svid.X509SvidKey.Span);
        var id = SpiffeUri.IdOf(leaf);
        if (!string.Equals(id, svid.SpiffeId, StringComparison.Ordinal))
        {
            throw new CredentialException($"SVID SPIFFE ID {GoQuote.Quote(id)} does not match {GoQuote.Quote(svid.SpiffeId)}");
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        return new X509Context(id, leaf, intermediates, bundle);
    }

    /// <summary>Splits concatenated ASN.1 DER certificates.</summary>
    public static X509Certificate2Collection Certificates(ReadOnlySpan<byte> der, string what)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            while (!der.IsEmpty)
            {
                AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var consumed);
                certificates.Add(X509CertificateLoader.LoadCertificate(der[..consumed]));
                der = der[consumed..];
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            throw new CredentialException($"unable to parse {what}: {ex.Message}");
        }

        return certificates.Count == 0 ? throw new CredentialException($"empty {what}") : certificates;
    }

    private static X509Certificate2 WithKey(X509Certificate2 leaf, ReadOnlySpan<byte> pkcs8)
    {
        try
        {
            using var withKey = leaf.GetKeyAlgorithm() switch
            {
                EcPublicKey => WithEcKey(leaf, pkcs8),
                RsaPublicKey => WithRsaKey(leaf, pkcs8),
                var other => throw new CredentialException($"unsupported X509-SVID key algorithm {other}"),
            };

            // A PKCS#12 round trip gives the certificate a key SslStream accepts on every platform.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new CredentialException("unable to parse X509-SVID private key: " + ex.Message);
        }
    }

    private static X509Certificate2 WithEcKey(X509Certificate2 leaf, ReadOnlySpan<byte> pkcs8)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return leaf.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 WithRsaKey(X509Certificate2 leaf, ReadOnlySpan<byte> pkcs8)
    {
        using var key = RSA.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return leaf.CopyWithPrivateKey(key);
    }
}
