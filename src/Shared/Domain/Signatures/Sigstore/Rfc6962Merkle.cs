using System.Numerics;
using System.Security.Cryptography;

namespace FluxMirror.Domain.Signatures.Sigstore;

/// <summary>
/// Merkle tree hashing as RFC 6962 §2.1 (and RFC 9162 §2.1) defines it for transparency logs: leaves and interior nodes
/// hash with distinct one-byte prefixes so a leaf can never pass for a node. Inclusion proofs are checked the way
/// transparency-dev/merkle (which Rekor uses) checks them, with its error texts.
/// </summary>
public static class Rfc6962Merkle
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>SHA-256(0x00 || data): the hash a log entry body has as a leaf.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[data.Length + 1];
        buffer[0] = LeafPrefix;
        data.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>SHA-256(0x01 || left || right): the hash of an interior node.</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer.AsSpan(1));
        right.CopyTo(buffer.AsSpan(1 + left.Length));
        return SHA256.HashData(buffer);
    }

    /// <summary>
    /// Checks that <paramref name="leafHash"/> sits at <paramref name="index"/> of the tree of <paramref name="size"/>
    /// leaves whose root is <paramref name="rootHash"/>, given the audit path (leaf to root).
    /// </summary>
    /// <exception cref="SignatureVerificationException">The index is outside the tree, the path has the wrong number
    /// of hashes for this index and size, or it leads to another root.</exception>
    public static void VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        // Go compares these as uint64: a negative index or size is a huge number there, out of range all the same.
        var i = unchecked((ulong)index);
        var n = unchecked((ulong)size);
        if (i >= n)
        {
            throw new SignatureVerificationException($"index {i} out of range for size {n}");
        }

        // The path climbs from the leaf to the last node whose subtree is complete in a tree of n leaves ("inner"
        // hashes), then possibly joins the incomplete subtree to its right (one hash), then the complete subtrees to
        // its left (one per set bit of where that node's coverage begins).
        var inner = BitOperations.Log2(i ^ n);
        var begin = (i >> inner) << inner;
        var end = begin + (1UL << inner);
        var right = end == n ? 0 : 1;
        var left = BitOperations.PopCount(begin);
        var want = inner + right + left;
        if (proof.Count != want)
        {
            throw new SignatureVerificationException($"incorrect proof size: {proof.Count}, want {want}");
        }

        var hash = leafHash.ToArray();
        var position = i;
        for (var k = 0; k < inner; k++)
        {
            hash = (position & 1) == 0 ? HashChildren(hash, proof[k]) : HashChildren(proof[k], hash);
            position >>= 1;
        }
        if (right == 1)
        {
            hash = HashChildren(hash, proof[inner]);
        }
        for (var k = inner + right; k < proof.Count; k++)
        {
            hash = HashChildren(proof[k], hash);
        }

        if (!rootHash.SequenceEqual(hash))
        {
            throw new SignatureVerificationException(
                $"root hash at size {n} mismatched: computed {Convert.ToHexStringLower(hash)}, expected {Convert.ToHexStringLower(rootHash)}");
        }
    }
}
