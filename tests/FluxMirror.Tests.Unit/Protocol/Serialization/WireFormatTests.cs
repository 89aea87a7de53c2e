using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Serialization;
using static FluxMirror.Tests.Unit.Protocol.Serialization.SampleParts;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>The JSON on the wire and in the journal: names, enums, dates, durations, and what is left out.</summary>
[Collection(MirrorSerializationCollection.Name)]
public sealed class WireFormatTests(MirrorSerializationFixture fixture)
{
    private MirrorMessageSerializer Serializer => new((ExtendedActorSystem)fixture.System);

    [Fact]
    public void Members_are_camel_case_and_dates_are_iso_8601_with_their_offset()
    {
        Assert.Equal("""{"host":"ghcr.io","count":8,"pausedUntil":"2026-03-04T05:06:07.1234567+02:00"}""",
            Json(new PermitsLeased("ghcr.io", 8, When)));
        Assert.Equal("""{"host":"ghcr.io","count":0,"pausedUntil":null}""", Json(new PermitsLeased("ghcr.io", 0, null)));
    }

    [Fact]
    public void Durations_are_iso_8601()
    {
        Assert.Equal("""{"host":"ghcr.io","retryAfter":"PT1M30S"}""", Json(new HostThrottled("ghcr.io", TimeSpan.FromSeconds(90))));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(12_345_678_901L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue + 1)]
    public void Durations_keep_every_tick(long ticks)
    {
        var message = new HostThrottled("h", TimeSpan.FromTicks(ticks));

        Assert.Equal(message, Read(Serializer.ToBinary(message), "ht"));
    }

    [Fact]
    public void Enums_are_written_by_name()
    {
        var json = Json(new TagAttemptSucceeded("j", 0, 0, 0, FullAttempt, "w"));

        Assert.Contains("\"status\":\"WouldOverwrite\"", json);
    }

    [Fact]
    public void Computed_members_are_not_written()
    {
        var attempt = JsonNode.Parse(Json(new RunTagAttempt("job-1", FullJob, 1, Odd)))!.AsObject();
        var plan = JsonNode.Parse(Json(new EntryPlanned("job-1", FullPlan)))!["plan"]!.AsObject();
        var entry = JsonNode.Parse(Json(new JobFinished("job-1", FullReport)))!["report"]!["results"]![0]!.AsObject();
        var options = JsonNode.Parse(Json(FullSubmitted))!["options"]!.AsObject();

        Assert.False(attempt.ContainsKey("entityId"));
        Assert.False(attempt["job"]!.AsObject().ContainsKey("sourceRef"));
        Assert.False(plan.ContainsKey("failed"));
        Assert.False(entry.ContainsKey("status"));
        Assert.False(options.ContainsKey("timeout"));
        Assert.Equal("PT27M34.5678901S", (string?)options["perJobTimeout"]);
    }

    [Fact]
    public void An_entry_result_is_read_back_with_or_without_its_computed_status()
    {
        var payload = JsonNode.Parse(Json(new JobFinished("job-1", FullReport)))!;
        var without = (JobFinished)Read(Bytes(payload), "jf");
        payload["report"]!["results"]![0]!["status"] = "completed";
        var withStale = (JobFinished)Read(Bytes(payload), "jf");

        Assert.Equal("failed", without.Report.Results[0].Status);
        Assert.Equal("failed", withStale.Report.Results[0].Status);
    }

    [Fact]
    public void Unknown_members_from_a_newer_node_are_ignored()
    {
        var message = Read(Encoding.UTF8.GetBytes("""{"host":"ghcr.io","count":2,"priority":"high"}"""), "lp");

        Assert.Equal(new LeasePermits("ghcr.io", 2), message);
    }

    [Theory]
    [InlineData("""{"host":"ghcr.io"}""")]
    [InlineData("""{"host":null,"count":2}""")]
    [InlineData("""{"host":"ghcr.io","count":"two"}""")]
    [InlineData("""{"host":"ghcr.io",""")]
    [InlineData("null")]
    public void A_malformed_payload_fails_with_a_serialization_error_free_of_type_names(string payload)
    {
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Read(Encoding.UTF8.GetBytes(payload), "lp"));

        Assert.StartsWith("mirror message \"lp\" ", e.Message);
        Assert.DoesNotContain("FluxMirror", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    private string Json(IMirrorMessage message) => Encoding.UTF8.GetString(Serializer.ToBinary(message));

    private object Read(byte[] bytes, string manifest) => Serializer.FromBinary(bytes, manifest);

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
