using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// A private Rekor v1 log in memory: a log key (ECDSA P-256, or Ed25519), log id = SHA-256 of its SPKI DER, an RFC 6962
/// Merkle tree. <see cref="Append"/> logs a body and returns the bundle entry Rekor would: SET over the canonical
/// entry JSON and/or an inclusion proof against a checkpoint freshly signed for the current tree.
/// The private key never leaves this object.
/// </summary>
public sealed class PrivateRekor
{
    /// <summary>The log's host name: the checkpoint signer name and origin prefix.</summary>
    public const string HostName = "rekor.private.invalid";

    private const long TreeId = 1193050959916656506;
    private readonly Func<byte[], byte[]> _sign;
    private readonly Func<byte[], byte[]> _signWithOtherKey;
    private readonly InMemoryMerkleTree _tree = new();
    private readonly Lock _gate = new();

    private PrivateRekor(TransparencyLogKey logKey, Func<byte[], byte[]> sign, Func<byte[], byte[]> signWithOtherKey)
    {
        LogKey = logKey;
        _sign = sign;
        _signWithOtherKey = signWithOtherKey;
    }

    /// <summary>The log's entry in a trusted root.</summary>
    public TransparencyLogKey LogKey { get; }

    /// <summary>Entries logged so far (fillers included).</summary>
    public long TreeSize
    {
        get
        {
            lock (_gate)
            {
                return _tree.Size;
            }
        }
    }

    /// <summary>An ECDSA P-256 log valid from <paramref name="validFrom"/> (default 2020-01-01), already holding
    /// <paramref name="precedingEntries"/> unrelated entries so proofs have hashes on both sides.</summary>
    public static PrivateRekor Create(DateTimeOffset? validFrom = null, int precedingEntries = 3)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Filled(
            new PrivateRekor(
                LogKeyFor(key.ExportSubjectPublicKeyInfo(), "PKIX_ECDSA_P256_SHA_256", validFrom),
                message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                message => other.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            precedingEntries);
    }

    /// <summary>The same with an Ed25519 log key (key details <c>PKIX_ED25519</c>).</summary>
    public static PrivateRekor CreateEd25519(DateTimeOffset? validFrom = null, int precedingEntries = 3)
    {
        var (publicKey, sign) = NewEd25519();
        var (_, signWithOther) = NewEd25519();
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();
        return Filled(new PrivateRekor(LogKeyFor(spki, "PKIX_ED25519", validFrom), sign, signWithOther), precedingEntries);
    }

    /// <summary>Logs <paramref name="canonicalizedBody"/> and returns its bundle entry, broken as <paramref name="mode"/> says.</summary>
    public TlogEntry Append(byte[] canonicalizedBody, string kind, string kindVersion, DateTimeOffset integratedTime,
        RekorEntryMode mode = RekorEntryMode.ProofAndSet)
    {
        lock (_gate)
        {
            var index = _tree.Append(canonicalizedBody);
            var time = integratedTime.ToUnixTimeSeconds();

            byte[]? set = null;
            if (mode != RekorEntryMode.ProofOnly)
            {
                // A bad SET is still the log's signature, over an entry claiming another time.
                var signedTime = mode == RekorEntryMode.BadSet ? time + 1 : time;
                set = _sign(SignedEntryTimestamp.Payload(canonicalizedBody, signedTime, LogKey.LogId, index));
            }

            InclusionProof? proof = null;
            if (mode != RekorEntryMode.SetOnly)
            {
                var root = _tree.Root();
                var hashes = _tree.InclusionProof(index).Select(hash => hash.ToArray()).ToList();
                if (mode == RekorEntryMode.BadInclusionProof)
                {
                    if (hashes.Count == 0)
                    {
                        hashes.Add(new byte[32]);
                    }
                    hashes[0][0] ^= 0x01;
                }
                var checkpoint = Checkpoint(_tree.Size, root, integratedTime, mode == RekorEntryMode.BadCheckpoint ? _signWithOtherKey : _sign);
                proof = new InclusionProof(index, root, _tree.Size, hashes, checkpoint);
            }

            return new TlogEntry(index, LogKey.LogId, kind, kindVersion, time, set, proof, canonicalizedBody);
        }
    }

    /// <summary>A checkpoint for any size and root, signed by this log (for tests of mismatches).</summary>
    public string SignCheckpoint(long treeSize, byte[] rootHash, DateTimeOffset timestamp) => Checkpoint(treeSize, rootHash, timestamp, _sign);

    private string Checkpoint(long treeSize, byte[] rootHash, DateTimeOffset timestamp, Func<byte[], byte[]> sign)
    {
        // Rekor v1: origin "<host> - <tree id>", a Timestamp line, signer named after the host, key hint of the log key.
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{HostName} - {TreeId}\n{treeSize}\n{Convert.ToBase64String(rootHash)}\nTimestamp: {timestamp.ToUnixTimeMilliseconds() * 1_000_000}\n");
        var signature = sign(Encoding.UTF8.GetBytes(note));
        var hint = SignedCheckpoint.KeyHint(LogKey.PublicKeyDer);
        var line = new byte[4 + signature.Length];
        line[0] = (byte)(hint >> 24);
        line[1] = (byte)(hint >> 16);
        line[2] = (byte)(hint >> 8);
        line[3] = (byte)hint;
        signature.CopyTo(line, 4);
        return $"{note}\n\u2014 {HostName} {Convert.ToBase64String(line)}\n";
    }

    private static PrivateRekor Filled(PrivateRekor rekor, int precedingEntries)
    {
        for (var i = 0; i < precedingEntries; i++)
        {
            rekor._tree.Append(Encoding.UTF8.GetBytes($"{{\"filler\":{i}}}"));
        }
        return rekor;
    }

    private static TransparencyLogKey LogKeyFor(byte[] spki, string keyDetails, DateTimeOffset? validFrom) =>
        new($"https://{HostName}", SHA256.HashData(spki), spki, keyDetails,
            new ValidityPeriod(validFrom ?? new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), null));

    private static (Ed25519PublicKeyParameters PublicKey, Func<byte[], byte[]> Sign) NewEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var privateKey = (Ed25519PrivateKeyParameters)pair.Private;

        byte[] Sign(byte[] message)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, privateKey);
            signer.BlockUpdate(message, 0, message.Length);
            return signer.GenerateSignature();
        }

        return ((Ed25519PublicKeyParameters)pair.Public, Sign);
    }
}
