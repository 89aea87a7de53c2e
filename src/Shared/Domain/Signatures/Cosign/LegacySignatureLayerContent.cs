using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Signatures.Cosign;

/// <summary>One simple-signing layer of a <c>.sig</c> manifest with its payload bytes (verified against the layer digest).</summary>
public sealed record LegacySignatureLayerContent(Descriptor Layer, byte[] Payload);
