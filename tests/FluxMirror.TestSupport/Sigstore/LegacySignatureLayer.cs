namespace FluxMirror.TestSupport.Sigstore;

/// <summary>One layer of a cosign <c>.sig</c> manifest: the simple-signing payload and the annotations that sign it.</summary>
public sealed record LegacySignatureLayer(byte[] Payload, IReadOnlyDictionary<string, string> Annotations);
