using System.Runtime.Serialization;
using System.Text;
using Akka.Serialization;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>Nothing silently falls back to Newtonsoft JSON, and unknown wire names fail loudly.</summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class StrictSerializationTests(MirrorSerializationFixture fixture)
{
    private sealed record NotAMessage(string Value);

    private sealed record MessageWithoutManifest(string JobId) : IWithJobId;

    [Fact]
    public void An_unknown_manifest_throws_a_serialization_exception()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"jobId":"job-1"}""");

        var e = Assert.Throws<SerializationException>(() => fixture.Serialization.Deserialize(bytes, MirrorMessageSerializer.SerializerId, "zzz"));
        Assert.Contains("unknown mirror message manifest \"zzz\"", e.Message);
    }

    [Fact]
    public void A_type_without_a_binding_has_no_serializer_instead_of_the_json_fallback()
    {
        var e = Record.Exception(() => fixture.Serialization.FindSerializerFor(new NotAMessage("x")));

        Assert.IsType<SerializationException>(e);
    }

    [Fact]
    public void A_mirror_message_missing_from_the_table_fails_before_anything_is_written()
    {
        var message = new MessageWithoutManifest("job-1");
        var serializer = fixture.Serialization.FindSerializerFor(message);

        Assert.IsType<MirrorMessageSerializer>(serializer);
        var e = Assert.Throws<SerializationException>(() => serializer.ToBinary(message));
        Assert.Contains("add it to MessageManifests", e.Message);
        Assert.Throws<SerializationException>(() => Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }
}
