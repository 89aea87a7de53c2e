using System.Formats.Asn1;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The TBSCertificate a CT log signed for an embedded SCT (RFC 6962 §3.2): the final certificate's TBSCertificate
/// with the SCT list extension taken out, every other byte as it was (re-encoded in DER, which is canonical).
/// </summary>
internal static class PrecertificateTbs
{
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>The TBSCertificate of a DER certificate, exactly as encoded in it.</summary>
    public static byte[] Read(byte[] certificateDer)
    {
        var certificate = new AsnReader(certificateDer, AsnEncodingRules.DER).ReadSequence();
        return certificate.ReadEncodedValue().ToArray();
    }

    /// <exception cref="AsnContentException">The certificate is not DER.</exception>
    public static byte[] FromCertificate(byte[] certificateDer)
    {
        var tbs = new AsnReader(Read(certificateDer), AsnEncodingRules.DER).ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(ExtensionsTag))
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                var extensions = tbs.ReadSequence(ExtensionsTag).ReadSequence();
                using (writer.PushSequence(ExtensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var extension = extensions.ReadEncodedValue();
                        if (new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier() != FulcioOids.EmbeddedSctList)
                        {
                            writer.WriteEncodedValue(extension.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
