using System.Text.Json;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Reads a Sigstore bundle from its protobuf-specs JSON (<c>dev.sigstore.bundle.v1.Bundle</c>), checking it the way
/// sigstore-go's <c>bundle.UnmarshalJSON</c> does: media type and version (v0.1 up to v0.3), every transparency-log
/// entry well formed with a body of a known kind, v0.1 entries with an inclusion promise, v0.2+ with an inclusion
/// proof, v0.3 with a single certificate (no chain), a message signature or DSSE envelope, verification material.
/// </summary>
public static class SigstoreBundleJson
{
    private static readonly Version V01 = new(0, 1, 0);
    private static readonly Version V03 = new(0, 3, 0);
    private static readonly Version V04 = new(0, 4, 0);

    /// <exception cref="FormatException">A one-line reason, sigstore-go's text where it has one.</exception>
    public static SigstoreBundle Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"proto: syntax error: {e.Message}", e);
        }
        using (document)
        {
            var bundle = ReadBundle(document.RootElement);
            return bundle.ToModel(Validate(bundle));
        }
    }

    // What protojson.Unmarshal would have filled in, before sigstore-go's validation.
    private sealed record RawBundle(string MediaType, RawMaterial? Material, MessageSignature? Message, DsseEnvelope? Dsse, bool HasContent)
    {
        public SigstoreBundle ToModel(IReadOnlyList<TlogEntry> entries)
        {
            var version = BundleMediaType.Parse(BundleMediaType.VersionOf(MediaType));
            var chain = Material!.Chain ?? [];
            return new SigstoreBundle(
                MediaType,
                version,
                Material.Certificate ?? (chain.Count > 0 ? chain[0] : null),
                chain.Skip(1).ToArray(),
                entries,
                Message,
                Dsse)
            {
                PublicKeyHint = Material.PublicKeyHint,
            };
        }
    }

    private sealed record RawMaterial(byte[]? Certificate, IReadOnlyList<byte[]>? Chain, string? PublicKeyHint, bool HasContent, IReadOnlyList<RawEntry> Entries);

    private static RawBundle ReadBundle(JsonElement element)
    {
        var bundle = ProtoJsonObject.From(element, "dev.sigstore.bundle.v1.Bundle", "mediaType", "verificationMaterial", "messageSignature", "dsseEnvelope");
        OneOf(bundle, "dev.sigstore.bundle.v1.Bundle.content", "messageSignature", "dsseEnvelope");
        var material = bundle.Message("verificationMaterial") is { } m ? ReadMaterial(m) : null;
        var message = bundle.Message("messageSignature") is { } s ? ReadMessageSignature(s) : null;
        var dsse = bundle.Message("dsseEnvelope") is { } d ? ReadEnvelope(d) : null;
        return new RawBundle(bundle.String("mediaType"), material, message, dsse, message is not null || dsse is not null);
    }

    private static RawMaterial ReadMaterial(JsonElement element)
    {
        var material = ProtoJsonObject.From(element, "dev.sigstore.bundle.v1.VerificationMaterial",
            "publicKey", "x509CertificateChain", "certificate", "tlogEntries", "timestampVerificationData");
        OneOf(material, "dev.sigstore.bundle.v1.VerificationMaterial.content", "publicKey", "x509CertificateChain", "certificate");

        byte[]? certificate = null;
        if (material.Message("certificate") is { } c)
        {
            certificate = ProtoJsonObject.From(c, "dev.sigstore.common.v1.X509Certificate", "rawBytes").Bytes("rawBytes") ?? [];
        }
        IReadOnlyList<byte[]>? chain = null;
        if (material.Message("x509CertificateChain") is { } x)
        {
            chain = ProtoJsonObject.From(x, "dev.sigstore.common.v1.X509CertificateChain", "certificates")
                .Repeated("certificates")
                .Select(item => ProtoJsonObject.From(item, "dev.sigstore.common.v1.X509Certificate", "rawBytes").Bytes("rawBytes") ?? [])
                .ToArray();
        }
        string? hint = null;
        if (material.Message("publicKey") is { } p)
        {
            hint = ProtoJsonObject.From(p, "dev.sigstore.common.v1.PublicKeyIdentifier", "hint").String("hint");
        }
        if (material.Message("timestampVerificationData") is { } t)
        {
            // RFC 3161 timestamps are read for well-formedness only: verification here relies on the log.
            foreach (var stamp in ProtoJsonObject.From(t, "dev.sigstore.bundle.v1.TimestampVerificationData", "rfc3161Timestamps").Repeated("rfc3161Timestamps"))
            {
                ProtoJsonObject.From(stamp, "dev.sigstore.common.v1.RFC3161SignedTimestamp", "signedTimestamp").Bytes("signedTimestamp");
            }
        }
        var entries = material.Repeated("tlogEntries").Select(ReadEntry).ToArray();
        return new RawMaterial(certificate, chain, hint, certificate is not null || chain is not null || hint is not null, entries);
    }

    // One entry as protojson read it; sigstore-go checks it (tlog.ParseTransparencyLogEntry) only after the media type.
    private sealed record RawEntry(long LogIndex, byte[]? LogId, (string Kind, string Version)? KindVersion, long IntegratedTime,
        byte[]? SignedEntryTimestamp, RawProof? Proof, byte[]? Body)
    {
        /// <exception cref="FormatException">sigstore-go's text, behind bundle's <c>validation error: </c>.</exception>
        public TlogEntry Validate()
        {
            if (Body is null || LogIndex < 0 || LogId is null || KindVersion is not { } kindVersion)
            {
                throw new FormatException("validation error: validation error: nil value in transaction log entry");
            }
            if (Proof is { Checkpoint: null })
            {
                throw new FormatException("validation error: inclusion proof missing required checkpoint");
            }
            if (Proof is { Checkpoint.Length: 0 })
            {
                throw new FormatException("validation error: inclusion proof checkpoint empty");
            }
            RekorEntryBody parsed;
            try
            {
                parsed = RekorEntryBody.Parse(Body);
            }
            catch (FormatException e)
            {
                throw new FormatException($"validation error: entry body is not a recognizable Rekor v1 or Rekor v2 type: {e.Message}", e);
            }
            if (parsed.Kind != kindVersion.Kind || parsed.ApiVersion != kindVersion.Version)
            {
                throw new FormatException(
                    $"validation error: kind and version mismatch: {parsed.Kind}/{parsed.ApiVersion} != {kindVersion.Kind}/{kindVersion.Version}");
            }
            return new TlogEntry(
                LogIndex,
                LogId,
                kindVersion.Kind,
                kindVersion.Version,
                IntegratedTime,
                SignedEntryTimestamp is { Length: > 0 } ? SignedEntryTimestamp : null,
                Proof is { } p ? new InclusionProof(p.LogIndex, p.RootHash, p.TreeSize, p.Hashes, p.Checkpoint!) : null,
                Body);
        }
    }

    private sealed record RawProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint);

    private static RawEntry ReadEntry(JsonElement element)
    {
        var entry = ProtoJsonObject.From(element, "dev.sigstore.rekor.v1.TransparencyLogEntry",
            "logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise", "inclusionProof", "canonicalizedBody");
        var logId = entry.Message("logId") is { } l ? ProtoJsonObject.From(l, "dev.sigstore.common.v1.LogId", "keyId").Bytes("keyId") : null;
        (string Kind, string Version)? kindVersion = null;
        if (entry.Message("kindVersion") is { } k)
        {
            var kv = ProtoJsonObject.From(k, "dev.sigstore.rekor.v1.KindVersion", "kind", "version");
            kindVersion = (kv.String("kind"), kv.String("version"));
        }
        var set = entry.Message("inclusionPromise") is { } promise
            ? ProtoJsonObject.From(promise, "dev.sigstore.rekor.v1.InclusionPromise", "signedEntryTimestamp").Bytes("signedEntryTimestamp")
            : null;
        var proof = entry.Message("inclusionProof") is { } p ? ReadProof(p) : null;
        return new RawEntry(entry.Int64("logIndex"), logId, kindVersion, entry.Int64("integratedTime"), set, proof, entry.Bytes("canonicalizedBody"));
    }

    private static RawProof ReadProof(JsonElement element)
    {
        var proof = ProtoJsonObject.From(element, "dev.sigstore.rekor.v1.InclusionProof", "logIndex", "rootHash", "treeSize", "hashes", "checkpoint");
        var hashes = proof.Repeated("hashes").Select(HashAt).ToArray();
        var checkpoint = proof.Message("checkpoint") is { } c
            ? ProtoJsonObject.From(c, "dev.sigstore.rekor.v1.Checkpoint", "envelope").String("envelope")
            : null;
        return new RawProof(proof.Int64("logIndex"), proof.Bytes("rootHash") ?? [], proof.Int64("treeSize"), hashes, checkpoint);
    }

    private static byte[] HashAt(JsonElement hash, int index)
    {
        // A repeated bytes field: read one item through a one-field wrapper to share the base64 rules.
        using var wrapper = JsonDocument.Parse($"{{\"hashes\":{hash.GetRawText()}}}");
        return ProtoJsonObject.From(wrapper.RootElement, "dev.sigstore.rekor.v1.InclusionProof", "hashes").Bytes("hashes")
            ?? throw new FormatException($"proto: invalid value for bytes field hashes[{index}]: null");
    }

    private static MessageSignature ReadMessageSignature(JsonElement element)
    {
        var signature = ProtoJsonObject.From(element, "dev.sigstore.common.v1.MessageSignature", "messageDigest", "signature");
        if (signature.Message("messageDigest") is not { } d)
        {
            // sigstore-go's SignatureContent refuses a message signature without a digest.
            throw new FormatException("validation error: missing verification material");
        }
        var digest = ProtoJsonObject.From(d, "dev.sigstore.common.v1.HashOutput", "algorithm", "digest");
        return new MessageSignature(HashAlgorithmName(digest), digest.Bytes("digest") ?? [], signature.Bytes("signature") ?? []);
    }

    private static readonly string[] HashAlgorithms = ["HASH_ALGORITHM_UNSPECIFIED", "SHA2_256", "SHA2_384", "SHA2_512", "SHA3_256", "SHA3_384"];

    private static string HashAlgorithmName(ProtoJsonObject digest)
    {
        if (!digest.Has("algorithm"))
        {
            return HashAlgorithms[0];
        }
        try
        {
            var name = digest.String("algorithm");
            return HashAlgorithms.Contains(name, StringComparer.Ordinal)
                ? name
                : throw new FormatException($"proto: invalid value for enum field algorithm: \"{name}\"");
        }
        catch (FormatException) when (digest.Int64("algorithm") is var number && number >= 0 && number < HashAlgorithms.Length)
        {
            return HashAlgorithms[number];
        }
    }

    private static DsseEnvelope ReadEnvelope(JsonElement element)
    {
        var envelope = ProtoJsonObject.From(element, "io.intoto.Envelope", "payload", "payloadType", "signatures");
        var signatures = envelope.Repeated("signatures")
            .Select(item => ProtoJsonObject.From(item, "io.intoto.Signature", "sig", "keyid").Bytes("sig") ?? [])
            .ToArray();
        // sigstore-go's parseEnvelope refuses an envelope without a payload.
        var payload = envelope.Bytes("payload") ?? throw new FormatException("validation error: invalid attestation: missing valid envelope");
        return new DsseEnvelope(envelope.String("payloadType"), payload, signatures);
    }

    private static void OneOf(ProtoJsonObject message, string oneOf, params string[] fields)
    {
        var set = fields.Where(message.Has).ToArray();
        if (set.Length > 1)
        {
            throw new FormatException($"proto: error parsing \"{set[1]}\", oneof {oneOf} is already set");
        }
    }

    // sigstore-go's Bundle.validate, in its order; returns the checked log entries.
    private static IReadOnlyList<TlogEntry> Validate(RawBundle bundle)
    {
        string goVersion;
        try
        {
            goVersion = BundleMediaType.VersionOf(bundle.MediaType);
        }
        catch (FormatException e)
        {
            throw new FormatException($"error getting bundle version: {e.Message}", e);
        }
        var version = BundleMediaType.Parse(goVersion);
        var normalized = new Version(version.Major, version.Minor, Math.Max(version.Build, 0));
        if (normalized < V01)
        {
            throw new FormatException($"validation error: unsupported media type: bundle version {goVersion} is not supported");
        }

        IReadOnlyList<TlogEntry> entries = (bundle.Material?.Entries ?? []).Select(entry => entry.Validate()).ToArray();
        if (normalized == V01)
        {
            if (entries.Count > 0 && entries.All(e => e.SignedEntryTimestamp is null))
            {
                throw new FormatException("inclusion promises missing in bundle (required for bundle v0.1)");
            }
        }
        else if (entries.Count > 0 && entries.All(e => e.InclusionProof is null))
        {
            throw new FormatException("inclusion proof missing in bundle (required for bundle v0.2)");
        }
        if (normalized >= V03 && bundle.Material?.Chain is not null)
        {
            throw new FormatException("verification material cannot be X.509 certificate chain (for bundle v0.3)");
        }
        if (normalized >= V04)
        {
            throw new FormatException($"validation error: unsupported media type: bundle version {goVersion} is not yet supported");
        }

        if (!bundle.HasContent)
        {
            throw new FormatException("invalid bundle: validation error: missing bundle content");
        }
        if (bundle.Material is not { HasContent: true })
        {
            throw new FormatException("invalid bundle: validation error: missing verification material");
        }
        return entries;
    }
}
