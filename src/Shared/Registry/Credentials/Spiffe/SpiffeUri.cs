using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>Reads SPIFFE IDs out of certificates (the single URI SAN of an X.509-SVID).</summary>
public static class SpiffeUri
{
    private const string Scheme = "spiffe://";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The SPIFFE ID of a leaf; throws <see cref="CredentialException"/> with go-spiffe's reason when it has none.</summary>
    public static string IdOf(X509Certificate2 leaf)
    {
        var uris = UrisOf(leaf);
        return uris.Count switch
        {
            0 => throw new CredentialException("certificate contains no URI SAN"),
            > 1 => throw new CredentialException("certificate contains more than one URI SAN"),
            _ when !uris[0].StartsWith(Scheme, StringComparison.Ordinal) => throw new CredentialException("scheme is missing or invalid"),
            _ => uris[0],
        };
    }

    /// <summary>The URI names of the subject alternative name extension (GeneralName [6] IA5String).</summary>
    public static IReadOnlyList<string> UrisOf(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag == UriTag)
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException ex)
            {
                throw new CredentialException("malformed subject alternative name: " + ex.Message);
            }
            catch (CryptographicException ex)
            {
                throw new CredentialException("malformed subject alternative name: " + ex.Message);
            }
        }

        return uris;
    }
}
