using Akka.Serialization;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>Every registered message through the real ActorSystem: serializer choice, literal manifest, exact copy.</summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class MessageRoundTripTests(MirrorSerializationFixture fixture)
{
    public static TheoryData<string> Manifests => MessageSamples.Manifests;

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Fully_populated_message_round_trips(string manifest) => AssertRoundTrip(MessageSamples.For(manifest).Full, manifest);

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Message_with_optionals_unset_round_trips(string manifest) => AssertRoundTrip(MessageSamples.For(manifest).Minimal, manifest);

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Full_sample_sets_every_optional_member(string manifest) => StructuralAssert.FullyPopulated(MessageSamples.For(manifest).Full);

    private void AssertRoundTrip(IMirrorMessage message, string manifest)
    {
        var serializer = fixture.Serialization.FindSerializerFor(message);

        Assert.IsType<MirrorMessageSerializer>(serializer);
        Assert.Equal(7101, serializer.Identifier);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, message));

        // Deserialize by identifier + manifest, the way a remote node or a journal replay resolves it.
        var bytes = serializer.ToBinary(message);
        var copy = fixture.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(message.GetType(), copy);
        StructuralAssert.Equal(message, copy);
    }
}
