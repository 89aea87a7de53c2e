using System.Text;
using Akka.Actor;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;
using static FluxMirror.Tests.Unit.Protocol.Serialization.SampleParts;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// includeReferrers on the wire: the snapshot travels with the tag copy to the worker, the referrer rows (and a failed
/// attempt's partial rows) travel back, and the journal's row event keeps them for a resume.
/// </summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class ReferrerWireTests(MirrorSerializationFixture fixture)
{
    private MirrorMessageSerializer Serializer => new((ExtendedActorSystem)fixture.System);

    [Fact]
    public void Without_referrers_nothing_about_them_is_written()
    {
        var json = Json(new RunTagAttempt("job-0", MinimalJob, 0, TimeSpan.Zero));
        var failed = Json(new TagAttemptFailed("job-0", 0, 0, 0, "boom", false, "w"));

        Assert.DoesNotContain("referrers", json, StringComparison.Ordinal);
        Assert.DoesNotContain("partial", failed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_reaches_the_worker_in_order()
    {
        var copy = MinimalJob with { SourceDigest = Digest, Referrers = [new ReferrerRef(OtherDigest, null), new ReferrerRef(Digest, "application/vnd.example.sbom")] };

        var read = (RunTagAttempt)RoundTrip(new RunTagAttempt("job-1", copy, 1, TimeSpan.FromMinutes(1)), "rta");

        Assert.Equal(copy.Referrers, read.Copy.Referrers);
        Assert.Equal(Digest, read.Copy.SourceDigest);
    }

    [Fact]
    public void A_referrer_kept_under_its_own_tag_carries_it_and_one_kept_by_digest_writes_no_tag()
    {
        var copy = MinimalJob with { SourceDigest = Digest, Referrers = [new ReferrerRef(Digest, "application/vnd.example.sbom"), new ReferrerRef(OtherDigest, null, "sha256-abc.sig")] };
        var message = new RunTagAttempt("job-1", copy, 1, TimeSpan.FromMinutes(1));

        var read = (RunTagAttempt)RoundTrip(message, "rta");

        Assert.Equal(copy.Referrers, read.Copy.Referrers);
        var written = System.Text.Json.Nodes.JsonNode.Parse(Json(message))!["job"]!["referrers"]!.AsArray();
        Assert.Null(written[0]!.AsObject()["tag"]);
        Assert.False(written[0]!.AsObject().ContainsKey("tag"));
        Assert.Equal("sha256-abc.sig", (string?)written[1]!["tag"]);
    }

    [Fact]
    public void A_failed_attempt_brings_back_its_partial_rows_and_the_journaled_failed_row_keeps_them()
    {
        var partial = new TagAttemptResult(TagStatus.Failed, Digest, Referrers: [new ReferrerResult(Digest, "application/vnd.example.sbom", TagStatus.Copied), new ReferrerResult(OtherDigest, null, TagStatus.Failed)]);
        var failed = (TagAttemptFailed)RoundTrip(new TagAttemptFailed("job-1", 0, 0, 3, "copy referrer a -> b: boom", false, "w", partial), "taf");
        var row = TagAttemptResult.FailedRow("v1", failed.Error, failed.Partial);

        var journaled = (TagRowFinished)RoundTrip(new TagRowFinished("job-1", MinimalEntry, MinimalJob, row, "w", 0, TimeSpan.Zero), "trf");

        Assert.Equal(TagStatus.Failed, journaled.Row.Status);
        Assert.Equal(Digest, journaled.Row.Digest);
        Assert.Equal("copy referrer a -> b: boom", journaled.Row.Error);
        Assert.Equal(partial.Referrers, journaled.Row.Referrers);
    }

    private string Json(IMirrorMessage message) => Encoding.UTF8.GetString(Serializer.ToBinary(message));

    private object RoundTrip(IMirrorMessage message, string manifest) =>
        Serializer.FromBinary(Serializer.ToBinary(message), manifest);
}
