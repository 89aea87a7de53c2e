using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.Tests.Unit.Domain.Mirroring;

/// <summary>
/// Judging an early plan's tags (an embedded run, while its journal recovers): a tag that needs no copy gets the row its
/// attempt would report, decided in the plan; anything else is left to its attempt. The registry is a scripted loopback
/// server that holds source <c>team/app</c> and destination <c>mirror/app</c> and answers manifest HEADs from two maps.
/// </summary>
public sealed class EarlyTagJudgeTests : IAsyncDisposable
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string Denied = "denied"; // in a map: that manifest's requests answer 403
    private readonly ScriptedRegistry _server;
    private readonly ArtifactTagMirror _mirror;
    private readonly Dictionary<string, string> _source = [];
    private readonly Dictionary<string, string> _destination = [];
    private readonly RecordingMirrorLog _log = new();

    public EarlyTagJudgeTests()
    {
        _server = new ScriptedRegistry(Answer);
        _mirror = new ArtifactTagMirror(_server.Client, new ArtifactCopier(_server.Client), _log, 1);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Up_to_date_tags_get_the_row_their_attempt_reports_decided_in_the_plan()
    {
        var plan = Plan(Same("1.0.0"), Same("1.1.0"), Same("1.2.0"));

        var judged = await new EarlyTagJudge(_mirror, 2).JudgeAsync(plan, CancellationToken.None, Ct);

        Assert.All(judged.Copies, c => Assert.Equal(new TagResult(c.Tag, TagStatus.Skipped, DigestOf(c.Tag), "up-to-date"), c.Decided));
        var attempt = await _mirror.RunAttemptAsync(plan.Copies[0], Ct);
        Assert.Equal(attempt.ToRow("1.0.0"), judged.Copies[0].Decided);
        Assert.All(judged.Copies, c => Assert.Null(c.SourceDigest));
    }

    [Fact]
    public async Task Drifted_tags_and_a_dry_runs_forecasts_are_decided_too()
    {
        _source["1.0.0"] = DigestOf("1.0.0");
        _destination["1.0.0"] = DigestOf("other");
        _source["1.1.0"] = DigestOf("1.1.0");

        var judged = await new EarlyTagJudge(_mirror, 2).JudgeAsync(Plan([Copy(0, "1.0.0"), Copy(1, "1.1.0") with { DryRun = true }]), CancellationToken.None, Ct);

        Assert.Equal(new TagResult("1.0.0", TagStatus.Drifted, DigestOf("1.0.0")), judged.Copies[0].Decided);
        Assert.Equal(new TagResult("1.1.0", TagStatus.WouldCopy, DigestOf("1.1.0")), judged.Copies[1].Decided);
    }

    [Fact]
    public async Task A_tag_the_destination_lacks_ends_judging_for_the_whole_job_after_one_head()
    {
        _source["1.0.0"] = DigestOf("1.0.0");
        var judge = new EarlyTagJudge(_mirror, 4);

        var first = await judge.JudgeAsync(Plan(Copy(0, "1.0.0"), Same("1.1.0"), Same("1.2.0")), CancellationToken.None, Ct);
        var second = await judge.JudgeAsync(Plan(Same("2.0.0")), CancellationToken.None, Ct);

        Assert.All(first.Copies.Concat(second.Copies), c => Assert.Null(c.Decided));
        Assert.Equal(["HEAD /v2/mirror/app/manifests/1.0.0"], ManifestRequests());
    }

    [Fact]
    public async Task A_drifted_tag_that_is_overwritten_ends_judging_after_both_heads()
    {
        _source["1.0.0"] = DigestOf("1.0.0");
        _destination["1.0.0"] = DigestOf("other");
        var judge = new EarlyTagJudge(_mirror, 4);

        var judged = await judge.JudgeAsync(Plan(Copy(0, "1.0.0") with { Overwrite = true }, Same("1.1.0")), CancellationToken.None, Ct);

        Assert.All(judged.Copies, c => Assert.Null(c.Decided));
        Assert.Equal(["HEAD /v2/mirror/app/manifests/1.0.0", "HEAD /v2/team/app/manifests/1.0.0"], ManifestRequests());
    }

    [Fact]
    public async Task When_both_heads_fail_the_sources_failure_is_reported_as_the_reference_asks_the_source_first()
    {
        _source["1.0.0"] = Denied;
        _destination["1.0.0"] = Denied;

        var error = await Assert.ThrowsAsync<MirrorException>(() => _mirror.RunAttemptAsync(Copy(0, "1.0.0"), Ct));

        Assert.StartsWith($"digest {_server.Host}/team/app:1.0.0: ", error.Message);
    }

    [Fact]
    public async Task A_source_tag_gone_before_its_fetch_fails_as_its_head_would_have()
    {
        var error = await Assert.ThrowsAsync<MirrorException>(() => _mirror.RunAttemptAsync(Copy(0, "1.0.0"), Ct));

        Assert.Equal($"digest {_server.Host}/team/app:1.0.0: MANIFEST_UNKNOWN: manifest unknown", error.Message);
        Assert.Equal(["HEAD /v2/mirror/app/manifests/1.0.0", "GET /v2/team/app/manifests/1.0.0"], ManifestRequests());
    }

    [Fact]
    public async Task A_plan_taken_before_judging_is_returned_as_it_is_without_a_request()
    {
        var plan = Plan(Same("1.0.0"));

        var judged = await new EarlyTagJudge(_mirror, 2).JudgeAsync(plan, new CancellationToken(canceled: true), Ct);

        Assert.Same(plan, judged);
        Assert.Empty(ManifestRequests());
    }

    [Fact]
    public async Task A_failing_head_leaves_its_tag_to_the_attempt_and_judging_goes_on()
    {
        _destination["1.0.0"] = DigestOf("1.0.0"); // not in the source: its HEAD answers 404, the attempt reports it
        var judged = await new EarlyTagJudge(_mirror, 1).JudgeAsync(Plan(Copy(0, "1.0.0"), Same("1.1.0")), CancellationToken.None, Ct);

        Assert.Null(judged.Copies[0].Decided);
        Assert.Equal(TagStatus.Skipped, judged.Copies[1].Decided!.Status);
    }

    [Fact]
    public async Task Taking_the_plan_cancels_a_judgement_a_silent_destination_holds_and_leaves_the_tag_to_its_attempt()
    {
        await using var silent = new LoopbackServer(_ => ScriptedResponse.NoAnswer());
        _source["1.0.0"] = DigestOf("1.0.0");
        var copy = Copy(0, "1.0.0") with { DestinationRepository = $"{silent.Host}/mirror/app" };
        using var taken = new CancellationTokenSource();

        var judging = new EarlyTagJudge(_mirror, 1).JudgeAsync(Plan(copy), taken.Token, Ct);
        await WaitForAsync(() => silent.Requests.Count > 0);
        taken.Cancel();
        var judged = await judging.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Null(Assert.Single(judged.Copies).Decided);
    }

    [Fact]
    public async Task Tags_with_referrers_charts_and_decided_rows_are_never_judged()
    {
        var decided = new TagResult("1.2.0", TagStatus.Skipped, DigestOf("1.2.0"), "signature-too-new");
        var artifacts = Plan(Same("1.0.0") with { Referrers = [] }, Same("1.2.0") with { Decided = decided });
        var charts = Plan(Same("1.1.0") with { Kind = EntryKind.Chart }) with { Entry = new EntryRef(0, EntryKind.Chart, "charts/app", "mirror/app") };
        var judge = new EarlyTagJudge(_mirror, 2);

        var judgedArtifacts = await judge.JudgeAsync(artifacts, CancellationToken.None, Ct);
        var judgedCharts = await judge.JudgeAsync(charts, CancellationToken.None, Ct);

        Assert.Same(artifacts, judgedArtifacts);
        Assert.Same(charts, judgedCharts);
        Assert.Empty(ManifestRequests());
    }

    [Fact]
    public async Task A_verified_tag_is_judged_against_its_pinned_digest_and_keeps_its_verification()
    {
        var info = new VerificationInfo("cosign");
        _destination["1.0.0"] = DigestOf("signed");
        var copy = Copy(0, "1.0.0") with { SourceDigest = DigestOf("signed"), Verification = info };

        var judged = await new EarlyTagJudge(_mirror, 1).JudgeAsync(Plan(copy), CancellationToken.None, Ct);

        Assert.Equal(new TagResult("1.0.0", TagStatus.Skipped, DigestOf("signed"), "up-to-date", Verification: info), judged.Copies[0].Decided);
        Assert.Equal(["HEAD /v2/mirror/app/manifests/1.0.0"], ManifestRequests());
    }

    [Fact]
    public async Task An_early_planners_plan_is_judged_while_nobody_takes_it_and_handed_out_with_the_rows_decided()
    {
        foreach (var tag in (string[])["1.0.0", "1.1.0", "1.2.0"])
        {
            _source[tag] = DigestOf(tag);
            _destination[tag] = DigestOf("other " + tag);
        }

        var plan = Plan(Copy(0, "1.0.0"), Copy(1, "1.1.0"), Copy(2, "1.2.0"));
        using var planner = EarlyJobPlanner.Start(new FixedPlanner(plan), lookAhead: 1, new EarlyTagJudge(_mirror, 2));

        // A drifted tag's line is written once both HEADs are in, after which nothing can stop its row: all three judged.
        await WaitForAsync(() => _log.Find("destination tag drifted from source; skipping (overwrite=false)").Count == 3);
        var taken = await planner.PlanAsync(0, Ct);

        Assert.All(taken.Copies, c => Assert.Equal(TagStatus.Drifted, c.Decided!.Status));
    }

    [Fact]
    public async Task Plans_started_after_the_first_take_are_not_judged()
    {
        var first = Plan(Same("1.0.0"));
        var second = Plan(Same("1.1.0")) with { Entry = new EntryRef(1, EntryKind.Artifact, "team/app", "mirror/app") };
        using var planner = EarlyJobPlanner.Start(new FixedPlanner(first, second), lookAhead: 1, new EarlyTagJudge(_mirror, 1));

        await WaitForAsync(() => _server.Requests.Count(r => r.PathAndQuery.Contains("/manifests/1.0.0", StringComparison.Ordinal)) == 2);
        await planner.PlanAsync(0, Ct);
        var taken = await planner.PlanAsync(1, Ct);

        Assert.Null(Assert.Single(taken.Copies).Decided);
        Assert.DoesNotContain(ManifestRequests(), r => r.EndsWith("/1.1.0", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }

    private static string DigestOf(string tag) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tag)));

    private static EntryPlan Plan(params TagCopySpec[] copies) =>
        new(new EntryRef(0, EntryKind.Artifact, "team/app", "mirror/app"), copies, null);

    private TagCopySpec Same(string tag)
    {
        _source[tag] = DigestOf(tag);
        _destination[tag] = DigestOf(tag);
        return Copy(int.Parse(tag.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture), tag);
    }

    private TagCopySpec Copy(int index, string tag) =>
        new(0, index, EntryKind.Artifact, tag, $"{_server.Host}/team/app", $"{_server.Host}/mirror/app", tag, null, Overwrite: false, DryRun: false);

    private List<string> ManifestRequests() =>
        [.. _server.Requests.Where(r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.PathAndQuery}")];

    private ScriptedResponse Answer(RecordedRequest request)
    {
        if (request.PathAndQuery == "/v2/")
        {
            return ScriptedResponse.Json(200, "{}");
        }

        var parts = request.PathAndQuery.Split("/manifests/");

        var map = parts[0] == "/v2/team/app" ? _source : _destination;
        return parts.Length == 2 && map.TryGetValue(parts[1], out var digest)
            ? digest == Denied
                ? ScriptedResponse.Json(403, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""")
                : ScriptedResponse.Empty(200, ("Docker-Content-Digest", digest), ("Content-Type", ManifestType))
            : ScriptedResponse.Json(404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
    }

    private sealed class FixedPlanner(params EntryPlan[] plans) : IJobPlanner
    {
        public int EntryCount => plans.Length;

        public EntryRef Describe(int entryIndex) => plans[entryIndex].Entry;

        public Task<EntryPlan> PlanAsync(int entryIndex, CancellationToken ct) => Task.FromResult(plans[entryIndex]);
    }
}
