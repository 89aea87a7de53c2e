using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Who a Fulcio certificate was issued to, read as sigstore-go's <c>SummarizeCertificate</c> reads it.
/// </summary>
/// <param name="SubjectAlternativeName">The first URI SAN, else the first email SAN, else Fulcio's otherName
/// (username) SAN.</param>
/// <param name="Issuer">The OIDC issuer: the v2 extension's UTF8String, else the deprecated v1 extension's raw
/// bytes; empty when the certificate has neither.</param>
public sealed record FulcioCertificateFields(string SubjectAlternativeName, string Issuer)
{
    private static readonly Asn1Tag Rfc822Name = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag UniformResourceIdentifier = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag OtherName = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExplicitValue = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <exception cref="SignatureVerificationException">No usable SAN, or a malformed issuer extension.</exception>
    public static FulcioCertificateFields Read(X509Certificate2 leaf)
    {
        try
        {
            var san = SubjectAlternativeNames(leaf) is { } names
                ? FirstOf(names, UniformResourceIdentifier) ?? FirstOf(names, Rfc822Name) ?? OtherNameSan(names)
                : null;
            if (string.IsNullOrEmpty(san))
            {
                throw new SignatureVerificationException("No Subject Alternative Name found");
            }

            return new FulcioCertificateFields(san, ReadIssuer(leaf));
        }
        catch (AsnContentException ex)
        {
            throw new SignatureVerificationException($"unexpected error unmarshalling DER-encoded string: {ex.Message}", ex);
        }
    }

    // Go keeps the last issuer extension it meets in certificate order; Fulcio writes v1 before v2, so v2 wins.
    private static string ReadIssuer(X509Certificate2 leaf)
    {
        var issuer = "";
        foreach (var extension in leaf.Extensions)
        {
            if (extension.Oid?.Value == FulcioOids.IssuerV1)
            {
                issuer = Encoding.UTF8.GetString(extension.RawData);
            }
            else if (extension.Oid?.Value == FulcioOids.IssuerV2)
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                issuer = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
                if (reader.HasData)
                {
                    throw new SignatureVerificationException("unexpected trailing bytes in DER-encoded string");
                }
            }
        }

        return issuer;
    }

    private static List<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)>? SubjectAlternativeNames(X509Certificate2 leaf)
    {
        if (leaf.Extensions[FulcioOids.SubjectAlternativeName] is not { } extension)
        {
            return null;
        }

        var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        var result = new List<(Asn1Tag, ReadOnlyMemory<byte>)>();
        while (names.HasData)
        {
            result.Add((names.PeekTag(), names.ReadEncodedValue()));
        }

        return result;
    }

    private static string? FirstOf(List<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)> names, Asn1Tag tag) =>
        names.Where(n => n.Tag.HasSameClassAndValue(tag) && !n.Tag.IsConstructed)
            .Select(n => new AsnReader(n.Value, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.IA5String, n.Tag))
            .FirstOrDefault();

    // otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String } with Fulcio's type id.
    private static string? OtherNameSan(List<(Asn1Tag Tag, ReadOnlyMemory<byte> Value)> names)
    {
        foreach (var (tag, value) in names.Where(n => n.Tag.HasSameClassAndValue(OtherName)))
        {
            var otherName = new AsnReader(value, AsnEncodingRules.DER).ReadSequence(tag);
            if (otherName.ReadObjectIdentifier() == FulcioOids.OtherNameSan)
            {
                return otherName.ReadSequence(ExplicitValue).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
        }

        return null;
    }
}
