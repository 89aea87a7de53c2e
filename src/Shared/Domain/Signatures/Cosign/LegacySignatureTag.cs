using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Where cosign's tag-based ("legacy") signatures live: the tag <c>sha256-&lt;hex&gt;.sig</c> in the signed image's
/// own repository, a manifest whose layers are simple-signing payloads with their signatures in annotations.
/// </summary>
public static class LegacySignatureTag
{
    public const string Suffix = ".sig";

    public static string For(string manifestDigest) => "sha256-" + Digest.Hex(manifestDigest) + Suffix;
}
