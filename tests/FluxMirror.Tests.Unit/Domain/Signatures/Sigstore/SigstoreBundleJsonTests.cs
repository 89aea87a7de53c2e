using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class SigstoreBundleJsonTests
{
    private const string V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private const string V03Old = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    private const string V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    private const string V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static readonly DateTimeOffset Integrated = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Leaf = [0x30, 0x82, 0x01, 0x0a, 0x01];
    private static readonly byte[] Intermediate = [0x30, 0x82, 0x02, 0x0b, 0x02];
    private readonly PrivateRekor _rekor = PrivateRekor.Create();

    [Theory]
    [InlineData(V03, 0, 3)]
    [InlineData(V03Old, 0, 3)]
    [InlineData("application/vnd.dev.sigstore.bundle.v0.3.1+json", 0, 3)]
    [InlineData(V02, 0, 2)]
    public void A_message_signature_bundle_round_trips(string mediaType, int major, int minor)
    {
        var bundle = MessageBundle(mediaType);

        var parsed = SigstoreBundleJson.Parse(BundleWriter.Write(bundle));

        Assert.Equal(mediaType, parsed.MediaType);
        Assert.Equal(major, parsed.Version.Major);
        Assert.Equal(minor, parsed.Version.Minor);
        Assert.Equal(Leaf, parsed.SigningCertificateDer);
        Assert.Empty(parsed.ChainDer);
        AssertSameEntries(bundle.TlogEntries, parsed.TlogEntries);
        Assert.Equal(bundle.MessageSignature!.DigestAlgorithm, parsed.MessageSignature!.DigestAlgorithm);
        Assert.Equal(bundle.MessageSignature.Digest, parsed.MessageSignature.Digest);
        Assert.Equal(bundle.MessageSignature.Signature, parsed.MessageSignature.Signature);
        Assert.Null(parsed.Dsse);
        Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(Assert.Single(parsed.TlogEntries), new TrustedRoot([], [_rekor.LogKey], [])));
    }

    [Fact]
    public void A_v0_3_bundle_is_written_as_cosign_writes_it()
    {
        var json = JsonNode.Parse(BundleWriter.Write(MessageBundle(V03)))!.AsObject();

        Assert.Equal(["mediaType", "verificationMaterial", "messageSignature"], json.Select(p => p.Key));
        var material = json["verificationMaterial"]!.AsObject();
        Assert.Equal(["certificate", "tlogEntries"], material.Select(p => p.Key));
        Assert.Equal(Convert.ToBase64String(Leaf), (string?)material["certificate"]!["rawBytes"]);
        var entry = material["tlogEntries"]![0]!.AsObject();
        Assert.Equal(["logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise", "inclusionProof", "canonicalizedBody"], entry.Select(p => p.Key));
        Assert.Equal(Integrated.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)entry["integratedTime"]);
        Assert.IsType<string>((string?)entry["logIndex"]);
        Assert.IsType<string>((string?)entry["inclusionProof"]!["treeSize"]);
        Assert.Equal("SHA2_256", (string?)json["messageSignature"]!["messageDigest"]!["algorithm"]);
    }

    [Fact]
    public void A_v0_1_bundle_with_a_certificate_chain_and_a_set_only_entry_is_read()
    {
        var entry = _rekor.Append(HashedRekord(), "hashedrekord", "0.0.1", Integrated, RekorEntryMode.SetOnly);
        var bundle = MessageBundle(V01) with { ChainDer = [Intermediate], TlogEntries = [entry] };

        var json = BundleWriter.Write(bundle);
        var parsed = SigstoreBundleJson.Parse(json);

        Assert.Contains("\"x509CertificateChain\":{\"certificates\":[{\"rawBytes\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(new Version(0, 1), parsed.Version);
        Assert.Equal(Leaf, parsed.SigningCertificateDer);
        Assert.Equal([Intermediate], parsed.ChainDer);
        Assert.Null(Assert.Single(parsed.TlogEntries).InclusionProof);
    }

    [Fact]
    public void A_dsse_bundle_round_trips()
    {
        var envelope = new DsseEnvelope("application/vnd.in-toto+json", "{\"_type\":\"https://in-toto.io/Statement/v1\"}"u8.ToArray(), [[1, 2, 3]]);
        var entry = _rekor.Append(RekorBodies.Dsse(envelope, Pem), "dsse", "0.0.1", Integrated);
        var bundle = new SigstoreBundle(V03, new Version(0, 3), Leaf, [], [entry], null, envelope);

        var parsed = SigstoreBundleJson.Parse(BundleWriter.Write(bundle));

        Assert.Null(parsed.MessageSignature);
        Assert.Equal(envelope.PayloadType, parsed.Dsse!.PayloadType);
        Assert.Equal(envelope.Payload, parsed.Dsse.Payload);
        Assert.Equal([[1, 2, 3]], parsed.Dsse.Signatures);
        Assert.Equal("dsse", Assert.Single(parsed.TlogEntries).Kind);
    }

    [Fact]
    public void A_key_based_bundle_keeps_its_public_key_hint()
    {
        var bundle = MessageBundle(V03) with { SigningCertificateDer = null, PublicKeyHint = "my-key" };
        var parsed = SigstoreBundleJson.Parse(BundleWriter.Write(bundle));
        Assert.Null(parsed.SigningCertificateDer);
        Assert.Equal("my-key", parsed.PublicKeyHint);
    }

    [Fact]
    public void Protojson_alternatives_are_accepted_numbers_for_int64_proto_names_url_safe_base64_and_enum_numbers()
    {
        var json = Json(MessageBundle(V03));
        var entry = json["verificationMaterial"]!["tlogEntries"]![0]!.AsObject();
        var time = long.Parse((string)entry["integratedTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        entry["integratedTime"] = time;
        var body = entry["canonicalizedBody"]!;
        entry.Remove("canonicalizedBody");
        entry["canonicalized_body"] = body.DeepClone();
        json["messageSignature"]!["messageDigest"]!["algorithm"] = 1;
        json["messageSignature"]!["signature"] = Convert.ToBase64String([0xfb, 0xff]).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var parsed = SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal(time, Assert.Single(parsed.TlogEntries).IntegratedTime);
        Assert.Equal("SHA2_256", parsed.MessageSignature!.DigestAlgorithm);
        Assert.Equal([0xfb, 0xff], parsed.MessageSignature.Signature);
    }

    [Fact]
    public void Absent_zero_values_read_as_zero()
    {
        var rekor = PrivateRekor.Create(precedingEntries: 0);
        var entry = rekor.Append(HashedRekord(), "hashedrekord", "0.0.1", Integrated);
        Assert.Equal(0, entry.LogIndex);
        var json = Encoding.UTF8.GetString(BundleWriter.Write(MessageBundle(V03) with { TlogEntries = [entry] }));
        Assert.DoesNotContain("\"logIndex\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"hashes\"", json, StringComparison.Ordinal);

        var parsed = Assert.Single(SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json)).TlogEntries);
        Assert.Equal(0, parsed.LogIndex);
        Assert.Empty(parsed.InclusionProof!.Hashes);
        Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(parsed, new TrustedRoot([], [rekor.LogKey], [])));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not json", "proto: syntax error: " },
        { "[]", "proto: syntax error: unexpected token [] for message dev.sigstore.bundle.v1.Bundle" },
        { "{\"mediaType\":\"" + V03 + "\",\"extra\":1}", "proto: unknown field \"extra\"" },
        { "{\"mediaType\":1}", "proto: invalid value for string field mediaType: 1" },
        { "{\"mediaType\":\"application/json\"}", "error getting bundle version: validation error: unsupported media type: application/json" },
        { "{}", "error getting bundle version: validation error: unsupported media type: " },
        { "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3.x+json\"}", "error getting bundle version: validation error: unsupported media type: invalid bundle version: v0.3.x" },
        { "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.0+json\"}", "validation error: unsupported media type: bundle version v0.0 is not supported" },
        { "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.4+json\",\"messageSignature\":{\"messageDigest\":{}}}", "validation error: unsupported media type: bundle version v0.4 is not yet supported" },
        { "{\"mediaType\":\"" + V03 + "\",\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"AQ==\"}}}", "invalid bundle: validation error: missing bundle content" },
        { "{\"mediaType\":\"" + V03 + "\",\"messageSignature\":{\"messageDigest\":{}}}", "invalid bundle: validation error: missing verification material" },
        { "{\"mediaType\":\"" + V03 + "\",\"verificationMaterial\":{},\"messageSignature\":{\"messageDigest\":{}}}", "invalid bundle: validation error: missing verification material" },
        { "{\"mediaType\":\"" + V03 + "\",\"messageSignature\":{\"signature\":\"AQ==\"}}", "validation error: missing verification material" },
        { "{\"mediaType\":\"" + V03 + "\",\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"MD5\"}}}", "proto: invalid value for enum field algorithm: \"MD5\"" },
        { "{\"mediaType\":\"" + V03 + "\",\"messageSignature\":{\"messageDigest\":{}},\"dsseEnvelope\":{\"payload\":\"AQ==\"}}", "proto: error parsing \"dsseEnvelope\", oneof dev.sigstore.bundle.v1.Bundle.content is already set" },
        { "{\"mediaType\":\"" + V03 + "\",\"dsseEnvelope\":{\"payloadType\":\"x\"}}", "validation error: invalid attestation: missing valid envelope" },
        { "{\"mediaType\":\"" + V03 + "\",\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"!!\"}}}", "proto: invalid value for bytes field rawBytes: \"!!\"" },
        { "{\"mediaType\":\"" + V03 + "\",\"verificationMaterial\":{\"certificate\":{},\"publicKey\":{}}}", "proto: error parsing \"certificate\", oneof dev.sigstore.bundle.v1.VerificationMaterial.content is already set" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_bundle_json_is_refused(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_v0_3_bundle_with_a_certificate_chain_is_refused()
    {
        var json = BundleWriter.Write(MessageBundle(V03) with { ChainDer = [Intermediate] });
        Assert.Equal("verification material cannot be X.509 certificate chain (for bundle v0.3)",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(json)).Message);
    }

    [Fact]
    public void A_v0_2_bundle_without_inclusion_proof_is_refused()
    {
        var entry = _rekor.Append(HashedRekord(), "hashedrekord", "0.0.1", Integrated, RekorEntryMode.SetOnly);
        var json = BundleWriter.Write(MessageBundle(V02) with { TlogEntries = [entry] });
        Assert.Equal("inclusion proof missing in bundle (required for bundle v0.2)",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(json)).Message);
    }

    [Fact]
    public void A_v0_1_bundle_without_inclusion_promise_is_refused()
    {
        var entry = _rekor.Append(HashedRekord(), "hashedrekord", "0.0.1", Integrated, RekorEntryMode.ProofOnly);
        var json = BundleWriter.Write(MessageBundle(V01) with { TlogEntries = [entry] });
        Assert.Equal("inclusion promises missing in bundle (required for bundle v0.1)",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(json)).Message);
    }

    [Theory]
    [InlineData("logId", "validation error: validation error: nil value in transaction log entry")]
    [InlineData("kindVersion", "validation error: validation error: nil value in transaction log entry")]
    [InlineData("canonicalizedBody", "validation error: validation error: nil value in transaction log entry")]
    public void An_entry_missing_a_required_field_is_refused(string field, string reason)
    {
        var json = Json(MessageBundle(V03));
        json["verificationMaterial"]!["tlogEntries"]![0]!.AsObject().Remove(field);
        Assert.Equal(reason, Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    [Fact]
    public void An_entry_with_a_negative_log_index_is_refused()
    {
        var json = Json(MessageBundle(V03));
        json["verificationMaterial"]!["tlogEntries"]![0]!["logIndex"] = "-1";
        Assert.Equal("validation error: validation error: nil value in transaction log entry",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    [Fact]
    public void An_inclusion_proof_without_or_with_an_empty_checkpoint_is_refused()
    {
        var json = Json(MessageBundle(V03));
        var proof = json["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!.AsObject();
        proof["checkpoint"]!["envelope"] = "";
        Assert.Equal("validation error: inclusion proof checkpoint empty",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
        proof.Remove("checkpoint");
        Assert.Equal("validation error: inclusion proof missing required checkpoint",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    [Fact]
    public void An_entry_whose_body_is_not_a_known_rekor_type_is_refused()
    {
        var json = Json(MessageBundle(V03));
        json["verificationMaterial"]!["tlogEntries"]![0]!["canonicalizedBody"] = Convert.ToBase64String("{\"kind\":\"rekord\",\"apiVersion\":\"0.0.1\",\"spec\":{}}"u8);
        Assert.Equal("validation error: entry body is not a recognizable Rekor v1 or Rekor v2 type: unsupported entry kind rekord 0.0.1",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    [Fact]
    public void An_entry_whose_kind_version_disagrees_with_its_body_is_refused()
    {
        var json = Json(MessageBundle(V03));
        json["verificationMaterial"]!["tlogEntries"]![0]!["kindVersion"]!["kind"] = "dsse";
        Assert.Equal("validation error: kind and version mismatch: hashedrekord/0.0.1 != dsse/0.0.1",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    [Fact]
    public void The_media_type_is_checked_before_the_entries()
    {
        var json = Json(MessageBundle(V03));
        json["mediaType"] = "application/json";
        json["verificationMaterial"]!["tlogEntries"]![0]!.AsObject().Remove("logId");
        Assert.Equal("error getting bundle version: validation error: unsupported media type: application/json",
            Assert.Throws<FormatException>(() => SigstoreBundleJson.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()))).Message);
    }

    private SigstoreBundle MessageBundle(string mediaType)
    {
        var entry = _rekor.Append(HashedRekord(), "hashedrekord", "0.0.1", Integrated);
        var version = mediaType.Contains("0.1", StringComparison.Ordinal) ? new Version(0, 1)
            : mediaType.Contains("0.2", StringComparison.Ordinal) ? new Version(0, 2) : new Version(0, 3);
        return new SigstoreBundle(mediaType, version, Leaf, [], [entry], new MessageSignature("SHA2_256", new byte[32], [4, 5, 6]), null);
    }

    private static JsonObject Json(SigstoreBundle bundle) => JsonNode.Parse(BundleWriter.Write(bundle))!.AsObject();

    private static byte[] HashedRekord() => RekorBodies.HashedRekord([4, 5, 6], Pem, new string('0', 64));

    private static void AssertSameEntries(IReadOnlyList<TlogEntry> expected, IReadOnlyList<TlogEntry> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal((want.LogIndex, want.Kind, want.KindVersion, want.IntegratedTime), (got.LogIndex, got.Kind, got.KindVersion, got.IntegratedTime));
            Assert.Equal(want.LogId, got.LogId);
            Assert.Equal(want.SignedEntryTimestamp, got.SignedEntryTimestamp);
            Assert.Equal(want.CanonicalizedBody, got.CanonicalizedBody);
            Assert.Equal(want.InclusionProof is null, got.InclusionProof is null);
            if (want.InclusionProof is { } proof)
            {
                Assert.Equal((proof.LogIndex, proof.TreeSize, proof.Checkpoint), (got.InclusionProof!.LogIndex, got.InclusionProof.TreeSize, got.InclusionProof.Checkpoint));
                Assert.Equal(proof.RootHash, got.InclusionProof.RootHash);
                Assert.Equal(proof.Hashes, got.InclusionProof.Hashes);
            }
        }
    }
}
