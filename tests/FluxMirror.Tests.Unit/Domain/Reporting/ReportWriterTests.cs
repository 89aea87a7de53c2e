using System.Text.Json.Nodes;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Domain.Reporting;

public class ReportWriterTests
{
    private static readonly DateTimeOffset Started = new(2026, 6, 6, 20, 12, 25, TimeSpan.Zero);

    private static SyncReport Sample() => SyncReport.Create("flux-mirror/v0.1.0", Started, TimeSpan.FromMilliseconds(16724),
    [
        new EntryResult("docker.io/stefanprodan/podinfo", "localhost:5050/podinfo", false, null,
        [
            new TagResult("6.13.0", TagStatus.Skipped, "sha256:" + new string('a', 64), TagStatusNames.SignatureTooNew,
                Verification: new VerificationInfo("cosign", "https://token.actions.githubusercontent.com", "https://github.com/x", Started.AddDays(-2), "47h13m11s", "48h0m0s")),
            new TagResult("6.12.0", TagStatus.Copied, "sha256:" + new string('b', 64),
                Referrers: [new ReferrerResult("sha256:" + new string('c', 64), "application/vnd.dev.sigstore.bundle.v0.3+json", TagStatus.Copied)]),
            new TagResult("6.11.0", TagStatus.Failed, Error: "copy a -> b: <boom> & more"),
        ]),
        EntryResult.Failed("docker.io/library/nope", "localhost:5050/nope", "list tags docker.io/library/nope: UNAUTHORIZED"),
        new EntryResult("localhost:5000/empty", "localhost:5001/empty", false, null, []),
    ]);

    [Fact]
    public void Json_report_validates_against_the_reference_schema()
    {
        ProjectSchema.Report.AssertValid(JsonReportWriter.Render(Sample()));
    }

    [Fact]
    public void Json_keeps_the_reference_field_order_and_go_escaping()
    {
        var json = JsonReportWriter.Render(Sample());
        Assert.StartsWith("{\n  \"apiVersion\": \"mirror.plugin.fluxcd.io/v1beta1\",\n  \"kind\": \"Report\",\n  \"$schema\": ", json);
        Assert.EndsWith("}\n", json);
        Assert.Contains("\\u003cboom\\u003e \\u0026 more", json);
        Assert.True(json.IndexOf("\"reporter\"", StringComparison.Ordinal) < json.IndexOf("\"timestamp\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("\"wouldOverwrite\"", StringComparison.Ordinal) < json.IndexOf("\"failed\"", StringComparison.Ordinal));
        Assert.Contains("\"timestamp\": \"2026-06-06T20:12:25Z\"", json);
    }

    [Fact]
    public void Summary_counts_failed_rows_and_plan_failures_and_ignores_referrers()
    {
        var summary = JsonNode.Parse(JsonReportWriter.Render(Sample()))!["report"]!["summary"]!;
        Assert.Equal(3, summary["entries"]!.GetValue<int>());
        Assert.Equal(1, summary["copied"]!.GetValue<int>());
        Assert.Equal(1, summary["skipped"]!.GetValue<int>());
        Assert.Equal(2, summary["failed"]!.GetValue<int>());
        Assert.Equal(1, summary["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public void Optional_fields_appear_only_where_the_contract_says()
    {
        var results = JsonNode.Parse(JsonReportWriter.Render(Sample()))!["report"]!["results"]!.AsArray();
        var rows = results[0]!["tags"]!.AsArray();
        Assert.Equal("signature-too-new", rows[0]!["reason"]!.GetValue<string>());
        Assert.Null(rows[1]!["reason"]);
        Assert.Null(rows[1]!["error"]);
        Assert.Null(rows[2]!["digest"]);
        Assert.NotNull(rows[2]!["error"]);
        Assert.Null(results[0]!["error"]);
        Assert.Equal("failed", results[1]!["status"]!.GetValue<string>());
        Assert.Empty(results[1]!["tags"]!.AsArray());
        Assert.Equal("completed", results[2]!["status"]!.GetValue<string>());
        Assert.Empty(results[2]!["tags"]!.AsArray());
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1, 0, 0, 1)]
    [InlineData(0, 1, 0, 2)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(0, 0, 1, 1)]
    public void Exit_code_prefers_failures_over_drift(int failedRows, int driftedRows, int planFailures, int expected)
    {
        var tags = Enumerable.Range(0, failedRows).Select(i => new TagResult($"f{i}", TagStatus.Failed, Error: "x"))
            .Concat(Enumerable.Range(0, driftedRows).Select(i => new TagResult($"d{i}", TagStatus.Drifted, "sha256:" + new string('d', 64))))
            .Append(new TagResult("w", TagStatus.WouldCopy, "sha256:" + new string('e', 64)))
            .ToList();
        var results = new List<EntryResult> { new("a", "b", false, null, tags) };
        results.AddRange(Enumerable.Range(0, planFailures).Select(_ => EntryResult.Failed("c", "d", "boom")));
        Assert.Equal(expected, ReportSummary.From(results).ExitCode);
    }

    [Fact]
    public void Yaml_sorts_keys_drops_schema_and_quotes_ambiguous_strings()
    {
        var yaml = YamlReportWriter.Render(Sample());
        Assert.StartsWith("apiVersion: mirror.plugin.fluxcd.io/v1beta1\nkind: Report\nreport:\n  durationMs: 16724\n", yaml);
        Assert.DoesNotContain("$schema", yaml);
        Assert.Contains("  timestamp: \"2026-06-06T20:12:25Z\"\n", yaml);
        Assert.Contains("  results:\n  - destination: localhost:5050/podinfo\n", yaml);
        Assert.Contains("      tag: 6.12.0\n", yaml);
        Assert.Contains("    tags: []\n", yaml);
    }

    [Fact]
    public void Yaml_round_trips_to_the_same_document_as_json()
    {
        var report = Sample();
        var fromYaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(YamlReportWriter.Render(report));
        var reportNode = (Dictionary<object, object>)fromYaml["report"];
        var results = (List<object>)reportNode["results"];
        var firstTags = (List<object>)((Dictionary<object, object>)results[0])["tags"];
        Assert.Equal("6.13.0", ((Dictionary<object, object>)firstTags[0])["tag"]);
        Assert.Equal("copy a -> b: <boom> & more", ((Dictionary<object, object>)firstTags[2])["error"]);
        Assert.Equal(3, results.Count);
    }
}
