using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// A private Fulcio: an ECDSA P-256 root CA, an intermediate that issues short-lived code-signing leaves, and a CT
/// log that countersigns each leaf's precertificate (an embedded SCT), built in memory with
/// <see cref="CertificateRequest"/>. Leaves look like Fulcio's: empty subject, critical SAN, the OIDC issuer in both
/// issuer extensions, the SCT list extension last.
/// </summary>
public sealed class PrivateFulcio : IDisposable
{
    private readonly ECDsa _rootKey;
    private readonly ECDsa _intermediateKey;
    private readonly ECDsa _ctLogKey;
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;

    private PrivateFulcio(DateTimeOffset validFrom, string name)
    {
        _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _ctLogKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var notBefore = validFrom.AddDays(-1);
        var notAfter = validFrom.AddYears(10);

        var rootRequest = CaRequest($"CN={name}, O={name}.invalid", _rootKey, pathLength: 1);
        _root = rootRequest.CreateSelfSigned(notBefore, notAfter);

        var intermediateRequest = CaRequest($"CN={name}-intermediate, O={name}.invalid", _intermediateKey, pathLength: 0);
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        using (var intermediate = intermediateRequest.Create(_root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), notBefore, notAfter, [2]))
        {
            _intermediate = X509CertificateLoader.LoadCertificate(intermediate.RawData);
        }

        Authority = new CertificateAuthority(
            $"https://{name}.invalid",
            [_intermediate.RawData, _root.RawData],
            new ValidityPeriod(validFrom, null));
        CtLog = LogKey(_ctLogKey, $"https://ctfe.{name}.invalid", validFrom);
    }

    /// <summary>The trusted-root entry for this Fulcio (intermediate first, root last, valid from <c>validFrom</c>).</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The trusted-root entry for this Fulcio's CT log.</summary>
    public TransparencyLogKey CtLog { get; }

    public X509Certificate2 RootCertificate => _root;

    public X509Certificate2 IntermediateCertificate => _intermediate;

    /// <param name="validFrom">Start of the CA's and the CT log's <c>validFor</c>; the certificates are valid from a
    /// day earlier for ten years.</param>
    public static PrivateFulcio Create(DateTimeOffset validFrom, string name = "fulcio") => new(validFrom, name);

    /// <summary>A trusted root with this Fulcio's CA and CT log and the given transparency logs.</summary>
    public TrustedRoot TrustedRoot(params TransparencyLogKey[] transparencyLogs) => new([Authority], transparencyLogs, [CtLog]);

    /// <summary>
    /// Issues a leaf for <paramref name="san"/> (a URI SAN when it parses as an absolute URI, else an email SAN).
    /// </summary>
    public SigningCertificate Issue(
        string san,
        string oidcIssuer,
        DateTimeOffset notBefore,
        TimeSpan? lifetime = null,
        SctMode sct = SctMode.Valid,
        LeafProfile? profile = null)
    {
        profile ??= LeafProfile.Default;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        foreach (var extension in LeafExtensions(request.PublicKey, san, oidcIssuer, profile))
        {
            request.CertificateExtensions.Add(extension);
        }

        var notAfter = notBefore + (lifetime ?? TimeSpan.FromMinutes(10));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40); // positive, minimal DER INTEGER
        var signer = X509SignatureGenerator.CreateForECDsa(_intermediateKey);
        byte[]? precertificateTbs = null;
        if (sct != SctMode.None)
        {
            // The precertificate: the same TBS the final certificate will have, minus the SCT list (RFC 6962 §3.2).
            using var precertificate = request.Create(_intermediate.SubjectName, signer, notBefore, notAfter, serial);
            precertificateTbs = PrecertificateTbs.Read(precertificate.RawData);
            request.CertificateExtensions.Add(new X509Extension(FulcioOids.EmbeddedSctList, SctList(precertificateTbs, notBefore, sct), critical: false));
        }

        using var leaf = request.Create(_intermediate.SubjectName, signer, notBefore, notAfter, serial);
        if (precertificateTbs is not null && !PrecertificateTbs.FromCertificate(leaf.RawData).AsSpan().SequenceEqual(precertificateTbs))
        {
            throw new InvalidOperationException("the leaf's TBS without its SCT list differs from the precertificate's TBS the CT log signed");
        }

        return new SigningCertificate(X509CertificateLoader.LoadCertificate(leaf.RawData), key);
    }

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
        _ctLogKey.Dispose();
    }

    public override string ToString() => $"PrivateFulcio {{ Root = {_root.Subject}, keys = <redacted> }}";

    internal static TransparencyLogKey LogKey(ECDsa key, string baseUrl, DateTimeOffset validFrom)
    {
        var spki = key.ExportSubjectPublicKeyInfo();
        return new TransparencyLogKey(baseUrl, SHA256.HashData(spki), spki, "PKIX_ECDSA_P256_SHA_256", new ValidityPeriod(validFrom, null));
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key, int pathLength)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    private IEnumerable<X509Extension> LeafExtensions(PublicKey publicKey, string san, string oidcIssuer, LeafProfile profile)
    {
        yield return new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true);
        var usages = profile.ExtendedKeyUsages ?? [FulcioOids.CodeSigning];
        if (usages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            yield return new X509EnhancedKeyUsageExtension(oids, critical: false);
        }

        yield return new X509SubjectKeyIdentifierExtension(publicKey, critical: false);
        yield return X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_intermediate, true, false);
        var names = new SubjectAlternativeNameBuilder();
        if (Uri.TryCreate(san, UriKind.Absolute, out var uri))
        {
            names.AddUri(uri);
        }
        else
        {
            names.AddEmailAddress(san);
        }

        // Fulcio leaves have an empty subject, so the SAN is critical (RFC 5280 §4.2.1.6).
        yield return names.Build(critical: true);
        yield return new X509Extension(FulcioOids.IssuerV1, Encoding.UTF8.GetBytes(oidcIssuer), critical: false);
        if (profile.IssuerV2)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteCharacterString(UniversalTagNumber.UTF8String, oidcIssuer);
            yield return new X509Extension(FulcioOids.IssuerV2, writer.Encode(), critical: false);
        }
    }

    private byte[] SctList(byte[] precertificateTbs, DateTimeOffset at, SctMode mode)
    {
        using var otherLog = mode == SctMode.WrongLog ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var logKey = otherLog ?? _ctLogKey;
        var timestamp = (ulong)at.ToUnixTimeMilliseconds();
        var issuerKeyHash = SHA256.HashData(_intermediate.PublicKey.ExportSubjectPublicKeyInfo());
        // A bad signature is a real signature by the right log over a different timestamp.
        var signedTimestamp = mode == SctMode.BadSignature ? timestamp + 1 : timestamp;
        var signed = SignedCertificateTimestamp.PrecertificateSignedData(0, signedTimestamp, issuerKeyHash, precertificateTbs, []);
        var sct = new SignedCertificateTimestamp(
            0,
            SHA256.HashData(logKey.ExportSubjectPublicKeyInfo()),
            timestamp,
            [],
            SignedCertificateTimestamp.Sha256,
            SignedCertificateTimestamp.Ecdsa,
            logKey.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)).Serialize();

        var list = new List<byte>();
        list.AddRange(Length(sct.Length + 2));
        list.AddRange(Length(sct.Length));
        list.AddRange(sct);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(list.ToArray());
        return writer.Encode();
    }

    private static byte[] Length(int length) => [(byte)(length >> 8), (byte)length];
}
