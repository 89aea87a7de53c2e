using System.Text;
using Akka.Actor;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>Blob parallelism is a setting of its own, not derived from --concurrency, and never on the wire.</summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class JobOptionsWireTests(MirrorSerializationFixture fixture)
{
    private MirrorMessageSerializer Serializer => new((ExtendedActorSystem)fixture.System);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void Blob_parallelism_does_not_follow_concurrency(int concurrency) =>
        Assert.Equal(JobOptions.DefaultBlobParallelism, new JobOptions(concurrency).BlobParallelism);

    [Fact]
    public void Blob_parallelism_is_not_written_and_every_node_reads_the_default()
    {
        var submitted = new SubmitJob("", "", "", new JobOptions { BlobParallelism = 9 }, false);

        var bytes = Serializer.ToBinary(submitted);
        var read = (SubmitJob)Serializer.FromBinary(bytes, "sj");

        Assert.DoesNotContain("blob", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JobOptions.DefaultBlobParallelism, read.Options.BlobParallelism);
    }
}
