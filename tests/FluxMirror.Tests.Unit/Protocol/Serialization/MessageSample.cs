using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <param name="Manifest">The literal wire name, spelled out so a manifest change shows up in review.</param>
/// <param name="Full">Every optional member set and every list non-empty.</param>
/// <param name="Minimal">Every optional member null, lists empty, numbers zero where the type allows.</param>
internal sealed record MessageSample(string Manifest, IMirrorMessage Full, IMirrorMessage Minimal)
{
    public Type Type => Full.GetType();
}
