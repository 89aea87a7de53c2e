using System.Security.Cryptography;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>
/// Reads a cosign tag-based signature from the registry: the manifest at <c>sha256-&lt;hex&gt;.sig</c> next to the
/// signed image and the payload of each simple-signing layer (bounded: a payload is a few hundred bytes).
/// </summary>
public sealed class LegacySignatureFetcher(RegistryClient registry)
{
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>The simple-signing layers with their payloads; empty when there is no <c>.sig</c> tag (or it holds none).</summary>
    /// <exception cref="CosignVerificationException">The registry failed, or a payload is oversized or does not match its digest.</exception>
    public async Task<IReadOnlyList<LegacySignatureLayerContent>> FetchAsync(RepositoryRef repository, string manifestDigest, CancellationToken ct)
    {
        var reference = repository.WithReference(LegacySignatureTag.For(manifestDigest));
        ParsedManifest manifest;
        try
        {
            if (await registry.HeadManifestAsync(repository, LegacySignatureTag.For(manifestDigest), ct).ConfigureAwait(false) is not { } found)
            {
                return [];
            }

            manifest = (await registry.GetManifestAsync(repository, found.Digest, ct).ConfigureAwait(false)).Parse();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CosignVerificationException($"fetch cosign tag signature {reference}: {ex.Message}", ex);
        }

        var layers = new List<LegacySignatureLayerContent>();
        foreach (var layer in manifest.Layers.Where(l => l.MediaType == LegacySignature.PayloadMediaType))
        {
            layers.Add(new LegacySignatureLayerContent(layer, await ReadPayloadAsync(repository, layer, ct).ConfigureAwait(false)));
        }

        return layers;
    }

    private async Task<byte[]> ReadPayloadAsync(RepositoryRef repository, Descriptor layer, CancellationToken ct)
    {
        var failure = $"read cosign tag signature payload {layer.Digest}";
        if (layer.Size is < 0 or > MaxPayloadBytes)
        {
            throw new CosignVerificationException($"{failure}: size {layer.Size} exceeds {MaxPayloadBytes} bytes");
        }

        byte[] payload;
        try
        {
            await using var stream = await registry.OpenBlobAsync(repository, layer.Digest, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxPayloadBytes)
                {
                    throw new CosignVerificationException($"{failure}: exceeds {MaxPayloadBytes} bytes");
                }
            }

            payload = buffer.ToArray();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or CosignVerificationException))
        {
            throw new CosignVerificationException($"{failure}: {ex.Message}", ex);
        }

        return Digest.FromHash(SHA256.HashData(payload)) == layer.Digest
            ? payload
            : throw new CosignVerificationException($"{failure}: content does not match its digest");
    }
}
