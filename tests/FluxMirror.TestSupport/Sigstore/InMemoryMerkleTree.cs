using FluxMirror.Domain.Signatures.Sigstore;

namespace FluxMirror.TestSupport.Sigstore;

/// <summary>
/// An append-only RFC 6962 Merkle tree kept in memory: roots and audit paths computed from the leaf hashes by the
/// RFC's recursive definitions (MTH and PATH), with the production hashing. Small trees only.
/// </summary>
public sealed class InMemoryMerkleTree
{
    private readonly List<byte[]> _leaves = [];

    public long Size => _leaves.Count;

    /// <summary>Appends an entry body; returns its index.</summary>
    public long Append(ReadOnlySpan<byte> body)
    {
        _leaves.Add(Rfc6962Merkle.HashLeaf(body));
        return _leaves.Count - 1;
    }

    /// <summary>The root of the first <paramref name="size"/> leaves (the current tree by default).</summary>
    public byte[] Root(long? size = null) => Mth(0, (int)(size ?? Size));

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves, leaf to root.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long? size = null)
    {
        var path = new List<byte[]>();
        Path((int)index, 0, (int)(size ?? Size), path);
        return path;
    }

    private byte[] Mth(int start, int count)
    {
        if (count == 1)
        {
            return _leaves[start];
        }
        var k = LargestPowerOfTwoBelow(count);
        return Rfc6962Merkle.HashChildren(Mth(start, k), Mth(start + k, count - k));
    }

    private void Path(int index, int start, int count, List<byte[]> path)
    {
        if (count <= 1)
        {
            return;
        }
        var k = LargestPowerOfTwoBelow(count);
        if (index < k)
        {
            Path(index, start, k, path);
            path.Add(Mth(start + k, count - k));
        }
        else
        {
            Path(index - k, start + k, count - k, path);
            path.Add(Mth(start, k));
        }
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }
}
