using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Selection;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.Tests.Unit.Domain.Mirroring;

/// <summary>
/// <c>verify</c> at plan time (reference §3.3 step 4): each selected tag is verified in selection order before anything
/// is copied. Verified: the copy is pinned to the signed digest and carries the verification block. Too new: a
/// decided <c>skipped</c> row and planning goes on. Any other failure: a decided <c>failed</c> row and planning stops
/// there, the entry still planned. The registry is a scripted loopback server listing four tags.
/// </summary>
public sealed class VerifyPlanningTests : IAsyncDisposable
{
    private const string Referrer = "sha256:5892f840c5013230cd0b63fdd5076dd9fe3224a31bd3ebae5c723e3632100b0f";
    private const string BundleType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static readonly string[] Tags = ["1.0.0", "1.1.0", "1.2.0", "1.3.0"];
    private readonly ScriptedRegistry _server;
    private readonly RecordingMirrorLog _log = new();

    public VerifyPlanningTests()
    {
        _server = new ScriptedRegistry(Answer);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Source => $"{_server.Host}/team/app";

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Verified_tags_are_pinned_to_the_signed_digest_and_carry_the_verification_block_in_selection_order()
    {
        var verifier = new ScriptedSignatureVerifier();

        var plan = await PlanAsync(verifier);

        Assert.Null(plan.PlanError);
        Assert.Equal(["1.3.0", "1.2.0", "1.1.0", "1.0.0"], verifier.Calls);
        Assert.Equal(["1.3.0", "1.2.0", "1.1.0", "1.0.0"], plan.Copies.Select(c => c.Tag));
        Assert.Equal([0, 1, 2, 3], plan.Copies.Select(c => c.TagIndex));
        Assert.All(plan.Copies, c =>
        {
            Assert.Equal(ScriptedSignatureVerifier.DigestOf(c.Tag), c.SourceDigest);
            Assert.Equal(ScriptedSignatureVerifier.InfoOf(c.Tag), c.Verification);
            Assert.Null(c.Decided);
            Assert.Null(c.Referrers);
        });
    }

    [Fact]
    public async Task A_signature_too_new_is_a_decided_skipped_row_with_digest_and_verification_and_planning_goes_on()
    {
        var verifier = new ScriptedSignatureVerifier().TooNew("1.2.0");

        var plan = await PlanAsync(verifier);

        Assert.Equal(["1.3.0", "1.2.0", "1.1.0", "1.0.0"], verifier.Calls);
        var skipped = plan.Copies[1];
        var info = ScriptedSignatureVerifier.InfoOf("1.2.0") with { Age = "47h13m11s", MinAge = "48h0m0s" };
        Assert.Equal(new TagResult("1.2.0", TagStatus.Skipped, ScriptedSignatureVerifier.DigestOf("1.2.0"), "signature-too-new", Verification: info), skipped.Decided);
        Assert.Equal(ScriptedSignatureVerifier.DigestOf("1.2.0"), skipped.SourceDigest);
        Assert.All(plan.Copies.Where(c => c.Tag != "1.2.0"), c => Assert.Null(c.Decided));

        var line = Assert.Single(_log.Lines, l => l.Message == "signature too new; skipping tag");
        Assert.Equal(["src", "integrated_time", "age", "min_age"], line.Fields.Keys);
        Assert.Equal($"{Source}:1.2.0", line.Fields["src"]);
        Assert.Equal("2026-06-04T20:59:02Z", line.Fields["integrated_time"]);
        Assert.Equal("47h13m11s", line.Fields["age"]);
        Assert.Equal("48h0m0s", line.Fields["min_age"]);
    }

    [Fact]
    public async Task A_failed_verification_is_a_decided_failed_row_without_digest_and_later_tags_are_not_planned()
    {
        var verifier = new ScriptedSignatureVerifier().Fails("1.2.0", new CosignVerificationException("no sigstore bundle found in referrers"));

        var plan = await PlanAsync(verifier);

        Assert.Null(plan.PlanError);
        Assert.Equal(["1.3.0", "1.2.0"], verifier.Calls);
        Assert.Equal(["1.3.0", "1.2.0"], plan.Copies.Select(c => c.Tag));
        Assert.Null(plan.Copies[0].Decided);
        var failed = plan.Copies[1];
        Assert.Equal(new TagResult("1.2.0", TagStatus.Failed, Error: $"verify {Source}:1.2.0: no sigstore bundle found in referrers"), failed.Decided);
        Assert.Null(failed.SourceDigest);
        Assert.Null(failed.Verification);
    }

    [Fact]
    public async Task Any_other_verifier_error_fails_the_tag_the_same_way()
    {
        var verifier = new ScriptedSignatureVerifier().Fails("1.3.0", new HttpRequestException("connection refused"));

        var plan = await PlanAsync(verifier);

        var failed = Assert.Single(plan.Copies);
        Assert.Equal($"verify {Source}:1.3.0: connection refused", failed.Decided!.Error);
        Assert.Equal(["1.3.0"], verifier.Calls);
    }

    [Fact]
    public async Task A_verifier_that_returns_no_digest_fails_the_entry_plan()
    {
        var plan = await PlanAsync(new EmptyDigestVerifier());

        Assert.Equal($"verify {Source}:1.3.0: verifier returned no digest", plan.PlanError);
        Assert.Empty(plan.Copies);
    }

    [Fact]
    public async Task With_include_referrers_the_referrers_of_the_verified_digest_are_snapshotted_and_a_too_new_tag_has_none()
    {
        var verifier = new ScriptedSignatureVerifier().TooNew("1.2.0");

        var plan = await PlanAsync(verifier, includeReferrers: true);

        Assert.Equal([Referrer], plan.Copies[0].Referrers!.Select(r => r.Digest));
        Assert.Equal(BundleType, plan.Copies[0].Referrers![0].ArtifactType);
        Assert.Null(plan.Copies[1].Referrers);
        var paths = _server.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.Contains($"/v2/team/app/referrers/{ScriptedSignatureVerifier.DigestOf("1.3.0")}", paths);
        Assert.DoesNotContain($"/v2/team/app/referrers/{ScriptedSignatureVerifier.DigestOf("1.2.0")}", paths);

        // The verified digest is the one pinned: the tag is never resolved again (the only HEADs probe for a
        // legacy `.sig` signature tag).
        Assert.DoesNotContain(_server.Requests, r => r.Method == "HEAD" && !r.PathAndQuery.EndsWith(".sig", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_verifies_too()
    {
        var verifier = new ScriptedSignatureVerifier();

        var plan = await PlanAsync(verifier, options: new JobOptions(DryRun: true));

        Assert.Equal(4, verifier.Calls.Count);
        Assert.All(plan.Copies, c => Assert.True(c.DryRun));
    }

    [Fact]
    public async Task An_entry_without_verify_is_planned_as_before()
    {
        var plan = await new ArtifactPlanner(_server.Client, _log).PlanAsync(0, Entry(includeReferrers: false), new JobOptions(), Ct);

        Assert.All(plan.Copies, c =>
        {
            Assert.Null(c.SourceDigest);
            Assert.Null(c.Verification);
            Assert.Null(c.Decided);
        });
    }

    private Task<EntryPlan> PlanAsync(ITagSignatureVerifier verifier, bool includeReferrers = false, JobOptions? options = null) =>
        new ArtifactPlanner(_server.Client, _log).PlanAsync(0, Entry(includeReferrers), options ?? new JobOptions(), verifier, Ct);

    private ArtifactEntry Entry(bool includeReferrers) => new(
        Source,
        "registry.example/mirror/app",
        new SelectorSpec(Limit: 0),
        IncludeReferrers: includeReferrers,
        Verify: new VerifySpec("cosign", [new OidcIdentity("https://issuer.example", "^https://ci\\.example/.*$")]));

    private static ScriptedResponse Answer(RecordedRequest request)
    {
        if (request.PathAndQuery.StartsWith("/v2/team/app/tags/list", StringComparison.Ordinal))
        {
            return ScriptedResponse.Json(200, $$"""{"name":"team/app","tags":["{{string.Join("\",\"", Tags)}}"]}""");
        }

        if (request.PathAndQuery.StartsWith("/v2/team/app/referrers/", StringComparison.Ordinal))
        {
            var index = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{Referrer}}","size":600,"artifactType":"{{BundleType}}"}]}""";
            return new ScriptedResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/vnd.oci.image.index.v1+json" }, System.Text.Encoding.UTF8.GetBytes(index));
        }

        return request.PathAndQuery == "/v2/" ? ScriptedResponse.Json(200, "{}") : ScriptedResponse.Json(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
    }

    private sealed class EmptyDigestVerifier : ITagSignatureVerifier
    {
        public Task<CosignVerification> VerifyAsync(RepositoryRef source, string tag, CancellationToken ct) =>
            Task.FromResult(new CosignVerification("", new FluxMirror.Domain.Signatures.Sigstore.VerifiedSignature("", "", []), new VerificationInfo("cosign")));
    }
}
