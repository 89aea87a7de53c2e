using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// The bundle's transparency-log entries, as sigstore-go's <c>VerifyTlogEntry</c> checks them: each entry proven by
/// its log (inclusion proof and/or signed entry timestamp), its body equal to the bundle (same signature, same
/// certificate, same digest or payload hash), integrated while the certificate was valid; enough distinct logs.
/// Returns the integrated times a log signed (one per log; an inclusion proof alone does not sign the time).
/// </summary>
internal static class BundleLogEntries
{
    public static IReadOnlyList<DateTimeOffset> Verify(SigstoreBundle bundle, TrustedRoot root, int threshold)
    {
        var entries = bundle.TlogEntries;
        for (var i = 0; i < entries.Count; i++)
        {
            for (var j = i + 1; j < entries.Count; j++)
            {
                // A duplicate would count twice towards the threshold.
                if (entries[i].LogId.AsSpan().SequenceEqual(entries[j].LogId) && entries[i].LogIndex == entries[j].LogIndex)
                {
                    throw new SignatureVerificationException("duplicate tlog entries found");
                }
            }
        }

        var verifiedLogs = new HashSet<string>(StringComparer.Ordinal);
        var timedLogs = new HashSet<string>(StringComparer.Ordinal);
        var times = new List<DateTimeOffset>();
        foreach (var entry in entries)
        {
            var body = ParseBody(entry);
            if (!TransparencyLogEntryVerifier.TryVerify(entry, root, out var signedTime, out _))
            {
                continue; // An unknown log or a SET that does not verify proves nothing, but is no error by itself.
            }

            MatchBundle(body, bundle);
            if (entry.IntegratedTime != 0 && bundle.SigningCertificateDer is { } leafDer && !ValidAt(leafDer, DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime)))
            {
                throw new SignatureVerificationException("integrated time outside certificate validity");
            }

            var logId = Convert.ToHexStringLower(entry.LogId);
            verifiedLogs.Add(logId);
            if (signedTime is { } time && timedLogs.Add(logId))
            {
                times.Add(time);
            }
        }

        if (verifiedLogs.Count < threshold)
        {
            throw new SignatureVerificationException($"not enough verified log entries from transparency log: {verifiedLogs.Count} < {threshold}");
        }

        return times;
    }

    /// <summary>The log entry must be about this bundle's signature, key and artifact (Rekor v1 entries).</summary>
    private static void MatchBundle(RekorEntryBody body, SigstoreBundle bundle)
    {
        var bundleSignature = bundle.MessageSignature?.Signature ?? (bundle.Dsse?.Signatures is [var first, ..] ? first : null);
        if (bundleSignature is null || !body.FirstSignature.AsSpan().SequenceEqual(bundleSignature))
        {
            throw new SignatureVerificationException("transparency log signature does not match");
        }

        if (!SameCertificate(body.FirstVerifierPem, bundle.SigningCertificateDer))
        {
            throw new SignatureVerificationException("transparency log certificate does not match");
        }

        if (bundle.MessageSignature is { } message)
        {
            if (body is not HashedRekordBody hashed)
            {
                throw new SignatureVerificationException("transparency log entry is not a hashedrekord or missing digest");
            }

            var entityAlgorithm = HashName(message.DigestAlgorithm);
            var entryAlgorithm = HashName(hashed.HashAlgorithm);
            if (entityAlgorithm != entryAlgorithm)
            {
                throw new SignatureVerificationException(
                    $"transparency log hashedrekord entry digest algorithm mismatch: {message.DigestAlgorithm} != {hashed.HashAlgorithm}");
            }

            var entityHex = Convert.ToHexStringLower(message.Digest);
            if (!string.Equals(hashed.HashHex, entityHex, StringComparison.OrdinalIgnoreCase))
            {
                throw new SignatureVerificationException($"transparency log hashedrekord entry digest {hashed.HashHex} does not match artifact {entityHex}");
            }
        }
        else if (bundle.Dsse is { } envelope)
        {
            if (body is not DsseEntryBody dsse)
            {
                throw new SignatureVerificationException("transparency log rekor v1 entry is not a dsse_v001 or intoto_v002 entry");
            }

            var payloadHex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(envelope.Payload));
            if (!string.Equals(dsse.PayloadHashHex, payloadHex, StringComparison.OrdinalIgnoreCase))
            {
                // sigstore-go names the two hashes this way round.
                throw new SignatureVerificationException(
                    $"transparency log dsse/intoto entry payload hash {payloadHex} does not match envelope payload hash {dsse.PayloadHashHex}");
            }
        }
    }

    /// <summary>The body as the log stored it (sigstore-go validates it before anything else).</summary>
    private static RekorEntryBody ParseBody(TlogEntry entry)
    {
        try
        {
            return RekorEntryBody.Parse(entry.CanonicalizedBody);
        }
        catch (FormatException ex)
        {
            throw new SignatureVerificationException(ex.Message, ex);
        }
    }

    /// <summary>The entry's verifier is the bundle's leaf certificate (PEM in the entry, DER in the bundle).</summary>
    private static bool SameCertificate(byte[] entryPem, byte[]? leafDer)
    {
        if (leafDer is null)
        {
            return false;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(entryPem));
            return certificate.RawData.AsSpan().SequenceEqual(leafDer);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // A bare public key (or garbage) is not the bundle's certificate.
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool ValidAt(byte[] leafDer, DateTimeOffset time)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(leafDer);
        return time >= leaf.NotBefore.ToUniversalTime() && time <= leaf.NotAfter.ToUniversalTime();
    }

    /// <summary>protobuf-specs and Rekor spell hash algorithms differently (<c>SHA2_256</c>, <c>sha256</c>).</summary>
    private static string HashName(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "SHA2_256" or "SHA256" => "sha256",
        "SHA2_384" or "SHA384" => "sha384",
        "SHA2_512" or "SHA512" => "sha512",
        _ => throw new SignatureVerificationException($"unsupported hash algorithm: {algorithm}"),
    };
}
