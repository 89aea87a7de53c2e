using Akka.Hosting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Protocol.Serialization;

public static class SerializationRegistration
{
    /// <summary>The serializer's name in the <c>akka.actor.serializers</c> section.</summary>
    public const string SerializerName = "flux-mirror";

    /// <summary>
    /// Binds every <see cref="IMirrorMessage"/> to <see cref="MirrorMessageSerializer"/> and turns on strict
    /// serialization: a type with no explicit binding throws instead of silently falling back to
    /// Newtonsoft JSON (which embeds CLR type names and would make renames break the journal).
    /// Call it on every node (coordinator and worker) so both ends agree.
    /// </summary>
    public static AkkaConfigurationBuilder AddMirrorSerialization(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer(SerializerName, [typeof(IMirrorMessage)], system => new MirrorMessageSerializer(system))
            .WithStrictSerialization();
}
