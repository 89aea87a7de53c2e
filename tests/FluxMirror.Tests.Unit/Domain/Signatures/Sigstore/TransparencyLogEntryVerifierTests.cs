using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class TransparencyLogEntryVerifierTests
{
    private static readonly DateTimeOffset Integrated = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly PrivateRekor _rekor = PrivateRekor.Create();

    [Fact]
    public void An_entry_with_proof_and_set_verifies_to_its_integrated_time()
    {
        Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(Append(), Root(_rekor)));
    }

    [Fact]
    public void An_entry_with_a_set_only_verifies_to_its_integrated_time()
    {
        var entry = Append(RekorEntryMode.SetOnly);
        Assert.Null(entry.InclusionProof);
        Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(entry, Root(_rekor)));
    }

    [Fact]
    public void An_entry_with_a_proof_only_verifies_without_a_time_because_nothing_signed_it()
    {
        var entry = Append(RekorEntryMode.ProofOnly);
        Assert.Null(entry.SignedEntryTimestamp);
        Assert.Null(TransparencyLogEntryVerifier.Verify(entry, Root(_rekor)));
    }

    [Fact]
    public void An_integrated_time_of_zero_is_no_time()
    {
        var entry = _rekor.Append(Body(), "hashedrekord", "0.0.1", DateTimeOffset.UnixEpoch, RekorEntryMode.ProofOnly);
        Assert.Equal(0, entry.IntegratedTime);
        Assert.Null(TransparencyLogEntryVerifier.Verify(entry, Root(_rekor)));
    }

    [Fact]
    public void Entries_of_a_log_with_an_ed25519_key_verify()
    {
        var rekor = PrivateRekor.CreateEd25519();
        Assert.Equal("PKIX_ED25519", rekor.LogKey.KeyDetails);
        var entry = rekor.Append(Body(), "hashedrekord", "0.0.1", Integrated);
        Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(entry, Root(rekor)));
    }

    [Fact]
    public void Later_entries_prove_inclusion_in_the_grown_tree()
    {
        var root = Root(_rekor);
        for (var i = 0; i < 6; i++)
        {
            var entry = Append();
            Assert.Equal(entry.LogIndex + 1, entry.InclusionProof!.TreeSize);
            Assert.Equal(Integrated, TransparencyLogEntryVerifier.Verify(entry, root));
        }
    }

    [Fact]
    public void A_log_the_trusted_root_does_not_know_is_skipped()
    {
        var entry = Append();
        var other = Root(PrivateRekor.Create());

        Assert.False(TransparencyLogEntryVerifier.TryVerify(entry, other, out var time, out var skipped));
        Assert.Null(time);
        Assert.Equal("rekor log public key not found for payload", skipped);
        Assert.Equal("rekor log public key not found for payload", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, other)).Message);
    }

    [Fact]
    public void An_entry_with_neither_proof_nor_set_is_refused()
    {
        var entry = Append() with { SignedEntryTimestamp = null, InclusionProof = null };
        Assert.Equal("entry must contain an inclusion proof and/or promise", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.TryVerify(entry, Root(_rekor), out _, out _)).Message);
    }

    [Fact]
    public void A_set_the_log_signed_over_other_data_is_skipped()
    {
        var entry = Append(RekorEntryMode.BadSet);
        Assert.False(TransparencyLogEntryVerifier.TryVerify(entry, Root(_rekor), out _, out var skipped));
        Assert.Equal("unable to verify SET", skipped);
        Assert.Equal("unable to verify SET", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, Root(_rekor))).Message);
    }

    [Fact]
    public void A_tampered_set_signature_body_index_or_time_fails_the_set()
    {
        var entry = Append(RekorEntryMode.SetOnly);
        var set = entry.SignedEntryTimestamp!.ToArray();
        set[^1] ^= 0x01;
        var body = entry.CanonicalizedBody.ToArray();
        body[^2] ^= 0x01;
        foreach (var tampered in new[]
                 {
                     entry with { SignedEntryTimestamp = set },
                     entry with { CanonicalizedBody = body },
                     entry with { LogIndex = entry.LogIndex + 1 },
                     entry with { IntegratedTime = entry.IntegratedTime - 1 },
                 })
        {
            Assert.False(TransparencyLogEntryVerifier.TryVerify(tampered, Root(_rekor), out _, out var skipped));
            Assert.Equal("unable to verify SET", skipped);
        }
    }

    [Fact]
    public void A_set_outside_the_log_key_validity_is_skipped()
    {
        var entry = Append();
        var key = _rekor.LogKey with { ValidFor = new ValidityPeriod(Integrated.AddDays(1), null) };
        Assert.Equal("rekor log public key not valid at payload integrated time", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, Root(key))).Message);

        var expired = _rekor.LogKey with { ValidFor = new ValidityPeriod(Integrated.AddYears(-1), Integrated.AddSeconds(-1)) };
        Assert.Equal("rekor log public key not valid at payload integrated time", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, Root(expired))).Message);
    }

    [Fact]
    public void A_set_from_a_log_key_without_validity_start_is_skipped()
    {
        var key = _rekor.LogKey with { ValidFor = new ValidityPeriod(null, null) };
        Assert.Equal("rekor validity period start time not set", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(Append(), Root(key))).Message);
    }

    [Fact]
    public void A_set_over_an_integrated_time_of_zero_is_not_valid_at_that_time()
    {
        var entry = _rekor.Append(Body(), "hashedrekord", "0.0.1", DateTimeOffset.UnixEpoch, RekorEntryMode.SetOnly);
        Assert.Equal("rekor log public key not valid at payload integrated time", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, Root(_rekor))).Message);
    }

    [Fact]
    public void A_bad_inclusion_proof_fails_even_with_a_valid_set()
    {
        var entry = Append(RekorEntryMode.BadInclusionProof);
        var error = Assert.Throws<SignatureVerificationException>(() => TransparencyLogEntryVerifier.TryVerify(entry, Root(_rekor), out _, out _));
        Assert.StartsWith($"root hash at size {entry.InclusionProof!.TreeSize} mismatched: computed ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inclusion_proof_of_another_index_or_size_or_hash_count_fails()
    {
        var entry = Append();
        var proof = entry.InclusionProof!;
        var root = Root(_rekor);

        Assert.Equal($"index {proof.TreeSize} out of range for size {proof.TreeSize}", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = proof with { LogIndex = proof.TreeSize } }, root)).Message);
        Assert.Equal($"incorrect proof size: {proof.Hashes.Count + 1}, want {proof.Hashes.Count}", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = proof with { Hashes = [.. proof.Hashes, new byte[32]] } }, root)).Message);
        Assert.StartsWith("root hash at size", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = proof with { LogIndex = 0 } }, root)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_signed_by_another_key_fails()
    {
        var entry = Append(RekorEntryMode.BadCheckpoint);
        Assert.Equal("signature on checkpoint did not verify", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry, Root(_rekor))).Message);
    }

    [Fact]
    public void A_checkpoint_with_an_altered_note_fails_its_signature()
    {
        var entry = Append();
        var altered = entry.InclusionProof!.Checkpoint.Replace("Timestamp: ", "Timestamp: 1", StringComparison.Ordinal);
        Assert.Equal("signature on checkpoint did not verify", Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = entry.InclusionProof with { Checkpoint = altered } }, Root(_rekor))).Message);
    }

    [Fact]
    public void A_checkpoint_for_another_root_fails()
    {
        var entry = Append();
        var proof = entry.InclusionProof!;
        var otherRoot = new byte[32];
        var checkpoint = _rekor.SignCheckpoint(proof.TreeSize, otherRoot, Integrated);
        var error = Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = proof with { Checkpoint = checkpoint } }, Root(_rekor)));
        Assert.Equal(
            $"proof root hash does not match signed tree head, expected {Convert.ToHexStringLower(proof.RootHash)} got {Convert.ToHexStringLower(otherRoot)}",
            error.Message);
    }

    [Fact]
    public void A_checkpoint_for_another_size_fails()
    {
        var entry = Append();
        var proof = entry.InclusionProof!;
        var checkpoint = _rekor.SignCheckpoint(proof.TreeSize + 1, proof.RootHash, Integrated);
        Assert.Equal($"proof tree size does not match signed tree head, expected {proof.TreeSize} got {proof.TreeSize + 1}",
            Assert.Throws<SignatureVerificationException>(
                () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = proof with { Checkpoint = checkpoint } }, Root(_rekor))).Message);
    }

    [Theory]
    [InlineData("no blank line\n", "unmarshalling signed note: malformed note")]
    [InlineData("a\n1\nAAAA\n\n", "unmarshalling signed note: malformed note")]
    [InlineData("a\n1\nAAAA\n\n\u2014 rekor AAAAAAAA", "unmarshalling signed note: malformed note")]
    [InlineData("a\n1\nAAAA\n\nrekor AAAAAAAA\n", "unmarshalling signed note: parsing signature: input does not match format")]
    [InlineData("a\n1\nAAAA\n\n\u2014 rekor !!!!\n", "unmarshalling signed note: decoding signature: illegal base64 data")]
    [InlineData("a\n1\nAAAA\n\n\u2014 rekor AAAA\n", "unmarshalling signed note: signature is too small")]
    [InlineData("a\n1\n\n\u2014 rekor AAAAAAAA\n", "unmarshalling checkpoint: invalid checkpoint - too few newlines")]
    [InlineData("\n1\nAAAA\n\n\u2014 rekor AAAAAAAA\n", "unmarshalling checkpoint: invalid checkpoint - empty ecosystem")]
    [InlineData("a\nx\nAAAA\n\n\u2014 rekor AAAAAAAA\n", "unmarshalling checkpoint: invalid checkpoint - size invalid: strconv.ParseUint: parsing \"x\": invalid syntax")]
    [InlineData("a\n1\n!!\n\n\u2014 rekor AAAAAAAA\n", "unmarshalling checkpoint: invalid checkpoint - invalid hash: illegal base64 data")]
    public void A_malformed_checkpoint_is_refused_with_rekors_text(string checkpoint, string reason)
    {
        var entry = Append();
        var error = Assert.Throws<SignatureVerificationException>(
            () => TransparencyLogEntryVerifier.Verify(entry with { InclusionProof = entry.InclusionProof! with { Checkpoint = checkpoint } }, Root(_rekor)));
        Assert.Equal($"unmarshalling log entry checkpoint to SignedCheckpoint: {reason}", error.Message);
    }

    [Fact]
    public void The_checkpoint_is_a_rekor_v1_signed_note_with_the_log_key_hint()
    {
        var checkpoint = SignedCheckpoint.Parse(Append().InclusionProof!.Checkpoint);
        Assert.Matches(@"^rekor\.private\.invalid - [0-9]+$", checkpoint.Origin);
        Assert.Equal(_rekor.TreeSize, (long)checkpoint.Size);
        var signature = Assert.Single(checkpoint.Signatures);
        Assert.Equal(PrivateRekor.HostName, signature.Name);
        Assert.Equal(SignedCheckpoint.KeyHint(_rekor.LogKey.PublicKeyDer), signature.KeyHint);
        Assert.StartsWith("Timestamp: ", Assert.Single(checkpoint.OtherContent), StringComparison.Ordinal);
        Assert.True(checkpoint.IsSignedBy(_rekor.LogKey));
        Assert.False(checkpoint.IsSignedBy(PrivateRekor.Create().LogKey));
    }

    [Fact]
    public void The_set_payload_is_canonical_json_with_sorted_keys()
    {
        var payload = SignedEntryTimestamp.Payload("{}"u8, 1700000000, [0xab, 0x01], 42);
        Assert.Equal("{\"body\":\"e30=\",\"integratedTime\":1700000000,\"logID\":\"ab01\",\"logIndex\":42}", Encoding.UTF8.GetString(payload));
    }

    private TlogEntry Append(RekorEntryMode mode = RekorEntryMode.ProofAndSet) => _rekor.Append(Body(), "hashedrekord", "0.0.1", Integrated, mode);

    private static byte[] Body() => RekorBodies.HashedRekord([1, 2, 3], "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", new string('a', 64));

    private static TrustedRoot Root(PrivateRekor rekor) => Root(rekor.LogKey);

    private static TrustedRoot Root(TransparencyLogKey log) => new([], [log], []);
}
