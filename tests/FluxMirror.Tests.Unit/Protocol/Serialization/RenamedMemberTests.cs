using System.Text;
using Akka.Actor;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;
using static FluxMirror.Tests.Unit.Protocol.Serialization.SampleParts;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// Members renamed in code when the glossary settled on "tag copy" keep their wire names, both ways: journals
/// written before the rename replay, and nodes of either version understand each other.
/// </summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class RenamedMemberTests(MirrorSerializationFixture fixture)
{
    // Payloads exactly as the code before the rename wrote them.
    private const string AttemptBefore = """{"jobId":"job-0","job":{"entryIndex":0,"tagIndex":0,"kind":"Artifact","tag":"v1","sourceRepository":"docker.io/a/b","destinationRepository":"localhost:5000/b","destinationTag":"v1","sourceDigest":null,"overwrite":false,"dryRun":false},"attempt":0,"budget":"PT0S"}""";
    private const string PlannedBefore = """{"jobId":"job-1","plan":{"entry":{"index":0,"kind":"Artifact","label":"docker.io/a/b","destination":"localhost:5000/b"},"jobs":[{"entryIndex":0,"tagIndex":0,"kind":"Artifact","tag":"v1","sourceRepository":"docker.io/a/b","destinationRepository":"localhost:5000/b","destinationTag":"v1","sourceDigest":null,"overwrite":false,"dryRun":false}],"planError":null}}""";
    private const string RowBefore = """{"jobId":"job-0","entry":{"index":0,"kind":"Artifact","label":"docker.io/a/b","destination":"localhost:5000/b"},"job":{"entryIndex":0,"tagIndex":0,"kind":"Artifact","tag":"v1","sourceRepository":"docker.io/a/b","destinationRepository":"localhost:5000/b","destinationTag":"v1","sourceDigest":null,"overwrite":false,"dryRun":false},"row":{"tag":"v1","status":"Failed","digest":null,"reason":null,"error":null,"referrers":null,"verification":null},"worker":"w","bytesUploaded":0,"elapsed":"PT0S"}""";
    private const string SubmitBefore = """{"configText":"","configSource":"","configDigest":"","options":{"concurrency":4,"retries":3,"perJobTimeout":"PT1M30S","overwrite":false,"dryRun":false,"insecure":false},"noEnvSubst":false,"fresh":false}""";

    private MirrorMessageSerializer Serializer => new((ExtendedActorSystem)fixture.System);

    [Fact]
    public void Payloads_written_before_the_rename_are_read_into_the_renamed_members()
    {
        Assert.Equal(MinimalJob, ((RunTagAttempt)Read(AttemptBefore, "rta")).Copy);
        Assert.Equal([MinimalJob], ((EntryPlanned)Read(PlannedBefore, "ep")).Plan.Copies);
        Assert.Equal(MinimalJob, ((TagRowFinished)Read(RowBefore, "trf")).Copy);
        Assert.Equal(TimeSpan.FromSeconds(90), ((SubmitJob)Read(SubmitBefore, "sj")).Options.TagCopyTimeout);
    }

    [Fact]
    public void The_renamed_members_are_written_under_their_old_names()
    {
        Assert.Equal(AttemptBefore, Json(new RunTagAttempt("job-0", MinimalJob, 0, TimeSpan.Zero)));
        Assert.Equal(PlannedBefore, Json(new EntryPlanned("job-1", new EntryPlan(MinimalEntry, [MinimalJob], null))));
        Assert.Equal(RowBefore, Json(MinimalRowFinished));
        Assert.Equal(SubmitBefore, Json(new SubmitJob("", "", "", new JobOptions(TagCopyTimeout: TimeSpan.FromSeconds(90)), false)));
    }

    private string Json(IMirrorMessage message) => Encoding.UTF8.GetString(Serializer.ToBinary(message));

    private object Read(string json, string manifest) => Serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest);
}
