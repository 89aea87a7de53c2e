using System.Text;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.TestSupport.Sigstore;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Sigstore;

public sealed class Rfc6962MerkleTests
{
    [Fact]
    public void Leaf_and_node_hashes_follow_rfc_6962()
    {
        // RFC 6962 test vectors (certificate-transparency-go): the empty leaf and the root of the leaves "" and 0x00.
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(Rfc6962Merkle.HashLeaf([])));
        var left = Rfc6962Merkle.HashLeaf([]);
        var right = Rfc6962Merkle.HashLeaf([0x00]);
        Assert.Equal("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", Convert.ToHexStringLower(Rfc6962Merkle.HashChildren(left, right)));
    }

    [Fact]
    public void Every_leaf_of_every_tree_of_1_to_20_leaves_is_proven_included()
    {
        var tree = new InMemoryMerkleTree();
        for (var size = 1; size <= 20; size++)
        {
            tree.Append(Leaf(size - 1));
            var root = tree.Root();
            for (var index = 0; index < size; index++)
            {
                Rfc6962Merkle.VerifyInclusion(index, size, Rfc6962Merkle.HashLeaf(Leaf(index)), tree.InclusionProof(index), root);
            }
        }
    }

    [Fact]
    public void Proofs_into_earlier_tree_sizes_verify_against_those_roots()
    {
        var tree = Tree(20);
        for (var size = 1; size <= 20; size++)
        {
            for (var index = 0; index < size; index++)
            {
                Rfc6962Merkle.VerifyInclusion(index, size, Rfc6962Merkle.HashLeaf(Leaf(index)), tree.InclusionProof(index, size), tree.Root(size));
            }
        }
    }

    [Fact]
    public void Every_altered_hash_of_every_proof_is_refused()
    {
        var tree = Tree(13);
        var root = tree.Root();
        for (var index = 0; index < 13; index++)
        {
            var proof = tree.InclusionProof(index);
            for (var k = 0; k < proof.Count; k++)
            {
                var altered = proof.Select(h => h.ToArray()).ToArray();
                altered[k][31] ^= 0x80;
                var error = Assert.Throws<SignatureVerificationException>(
                    () => Rfc6962Merkle.VerifyInclusion(index, 13, Rfc6962Merkle.HashLeaf(Leaf(index)), altered, root));
                Assert.StartsWith("root hash at size 13 mismatched: computed ", error.Message, StringComparison.Ordinal);
                Assert.EndsWith($", expected {Convert.ToHexStringLower(root)}", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_proof_for_another_index_of_the_same_depth_is_refused()
    {
        var tree = Tree(8);
        var error = Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(5, 8, Rfc6962Merkle.HashLeaf(Leaf(4)), tree.InclusionProof(4), tree.Root()));
        Assert.StartsWith("root hash at size 8 mismatched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_leaf_is_refused()
    {
        var tree = Tree(6);
        Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(2, 6, Rfc6962Merkle.HashLeaf(Leaf(3)), tree.InclusionProof(2), tree.Root()));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(7, 5)]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    public void An_index_outside_the_tree_is_refused(long index, long size)
    {
        var error = Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(index, size, new byte[32], [], new byte[32]));
        Assert.Equal($"index {unchecked((ulong)index)} out of range for size {unchecked((ulong)size)}", error.Message);
    }

    [Fact]
    public void A_proof_with_a_hash_too_many_or_too_few_is_refused_by_count()
    {
        var tree = Tree(7);
        var proof = tree.InclusionProof(3);
        Assert.Equal(3, proof.Count);

        var longer = Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(3, 7, Rfc6962Merkle.HashLeaf(Leaf(3)), [.. proof, new byte[32]], tree.Root()));
        Assert.Equal("incorrect proof size: 4, want 3", longer.Message);

        var shorter = Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(3, 7, Rfc6962Merkle.HashLeaf(Leaf(3)), proof.Take(2).ToArray(), tree.Root()));
        Assert.Equal("incorrect proof size: 2, want 3", shorter.Message);
    }

    [Fact]
    public void A_proof_checked_against_another_tree_size_is_refused()
    {
        var tree = Tree(12);
        // Leaf 9 of 12 needs 3 hashes; of 16, 4 (the count tells the sizes apart before any hashing).
        var error = Assert.Throws<SignatureVerificationException>(
            () => Rfc6962Merkle.VerifyInclusion(9, 16, Rfc6962Merkle.HashLeaf(Leaf(9)), tree.InclusionProof(9), tree.Root()));
        Assert.Equal("incorrect proof size: 3, want 4", error.Message);
    }

    [Fact]
    public void A_proof_binds_the_root_not_the_size_which_is_why_the_checkpoint_size_is_checked_too()
    {
        // In 12 leaves, leaf 9's path is leaf 8, node [10,12), node [0,8); read as a tree of 11 the middle hash stands
        // for the incomplete right subtree and the same root comes out. Only the signed checkpoint pins the size.
        var tree = Tree(12);
        Rfc6962Merkle.VerifyInclusion(9, 11, Rfc6962Merkle.HashLeaf(Leaf(9)), tree.InclusionProof(9), tree.Root());
    }

    [Fact]
    public void The_single_leaf_tree_has_an_empty_proof_and_the_leaf_as_root()
    {
        var tree = Tree(1);
        Assert.Empty(tree.InclusionProof(0));
        Rfc6962Merkle.VerifyInclusion(0, 1, Rfc6962Merkle.HashLeaf(Leaf(0)), [], tree.Root());
    }

    private static InMemoryMerkleTree Tree(int size)
    {
        var tree = new InMemoryMerkleTree();
        for (var i = 0; i < size; i++)
        {
            tree.Append(Leaf(i));
        }
        return tree;
    }

    private static byte[] Leaf(int i) => Encoding.UTF8.GetBytes($"leaf {i}");
}
