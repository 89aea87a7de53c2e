using System.Text;
using Akka.Actor;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;
using static FluxMirror.Tests.Unit.Protocol.Serialization.SampleParts;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// verify on the wire: the Sigstore trust travels with the job to the node that plans, the verification block and the
/// rows decided at plan time travel in the journaled plan, and none of it is written when unused, so payloads of jobs
/// without verify are those of nodes that predate it.
/// </summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class VerificationWireTests(MirrorSerializationFixture fixture)
{
    private MirrorMessageSerializer Serializer => new((ExtendedActorSystem)fixture.System);

    [Fact]
    public void Without_verify_nothing_about_it_is_written()
    {
        var attempt = Json(new RunTagAttempt("job-0", MinimalJob, 0, TimeSpan.Zero));
        var submit = Json(new SubmitJob("", "", "", new JobOptions(), false));

        Assert.DoesNotContain("verification", attempt, StringComparison.Ordinal);
        Assert.DoesNotContain("decided", attempt, StringComparison.Ordinal);
        Assert.DoesNotContain("sigstore", submit, StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_rows_and_verification_blocks_survive_the_journaled_plan()
    {
        var info = new VerificationInfo("cosign", "https://issuer.example", "https://ci.example/x", When, "1h0m0s", "48h0m0s");
        var verified = MinimalJob with { SourceDigest = Digest, Verification = info with { Age = null, MinAge = null } };
        var tooNew = MinimalJob with { TagIndex = 1, Tag = "v2", SourceDigest = OtherDigest, Verification = info, Decided = new TagResult("v2", TagStatus.Skipped, OtherDigest, TagStatusNames.SignatureTooNew, Verification: info) };
        var failed = MinimalJob with { TagIndex = 2, Tag = "v3", Decided = new TagResult("v3", TagStatus.Failed, Error: "verify docker.io/a/b:v3: no sigstore bundle found in referrers") };
        var plan = new EntryPlan(MinimalEntry, [verified, tooNew, failed], null);

        var read = (EntryPlanned)RoundTrip(new EntryPlanned("job-1", plan), "ep");

        StructuralAssert.Equal(plan, read.Plan);
    }

    [Fact]
    public void The_trust_reaches_the_coordinator_with_the_job_but_not_the_tuf_cache_of_the_submitting_node()
    {
        var trust = new SigstoreOptions("{\"tlogs\":[]}"u8.ToArray(), TufCacheDirectory: "/home/me/.cache/flux-mirror/tuf");

        var json = Json(new SubmitJob("", "", "", new JobOptions(Sigstore: trust), false));
        var read = (SubmitJob)RoundTrip(new SubmitJob("", "", "", new JobOptions(Sigstore: trust), false), "sj");

        Assert.Equal(trust.TrustedRootJson, read.Options.Sigstore!.TrustedRootJson);
        Assert.Null(read.Options.Sigstore.TufUrl);
        Assert.Null(read.Options.Sigstore.TufCacheDirectory);
        Assert.DoesNotContain("cache", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tufUrl", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_identity_changes_with_its_trust_and_is_unchanged_without_it()
    {
        var plain = new JobOptions(Overwrite: true);
        var one = plain with { Sigstore = new SigstoreOptions("{}"u8.ToArray()) };
        var other = plain with { Sigstore = new SigstoreOptions(TufUrl: new Uri("https://tuf.example/"), TufInitialRoot: "{}"u8.ToArray()) };

        Assert.Equal(";overwrite=True;dry-run=False", plain.IdentitySuffix);
        Assert.NotEqual(one.IdentitySuffix, other.IdentitySuffix);
        Assert.Equal(one.IdentitySuffix, (one with { Sigstore = one.Sigstore! with { TufCacheDirectory = "/elsewhere" } }).IdentitySuffix);
    }

    private string Json(IMirrorMessage message) => Encoding.UTF8.GetString(Serializer.ToBinary(message));

    private object RoundTrip(IMirrorMessage message, string manifest) =>
        Serializer.FromBinary(Serializer.ToBinary(message), manifest);
}
