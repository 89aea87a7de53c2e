using System.Diagnostics.Metrics;
using System.Net;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Telemetry;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Tests.Unit.Hosting;

/// <summary>
/// Each layer records on the one meter, with the names the dashboard uses and bounded labels only. Instruments are
/// process-wide and other tests record too, so each test looks only at measurements carrying its own host or values.
/// </summary>
public sealed class MetricsRecordingTests : IDisposable
{
    private static readonly HashSet<string> AllowedLabels = ["host", "method", "status", "outcome", "kind", "event", "region"];
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string> Labels)> _seen = [];
    private readonly Lock _gate = new();

    public MetricsRecordingTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MirrorMeter.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, (long)Math.Round(v * 1000), tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Each_registry_exchange_is_counted_and_timed_by_host_method_and_status()
    {
        var host = $"counted-{Guid.NewGuid():N}.example:5000";
        using var invoker = new HttpMessageInvoker(new RequestMetricsHandler { InnerHandler = new Answering(HttpStatusCode.TooManyRequests) });

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"https://{host}/v2/team/app/blobs/sha256:00"), TestContext.Current.CancellationToken);

        var request = Assert.Single(Seen("flux_mirror_registry_requests", host));
        Assert.Equal(new Dictionary<string, string> { ["host"] = host, ["method"] = "HEAD", ["status"] = "429" }, request.Labels);
        Assert.Single(Seen("flux_mirror_registry_request_duration", host));
    }

    [Fact]
    public async Task An_exchange_without_an_answer_has_the_error_status()
    {
        var host = $"refused-{Guid.NewGuid():N}.example";
        using var invoker = new HttpMessageInvoker(new RequestMetricsHandler { InnerHandler = new Refusing() });

        await Assert.ThrowsAsync<HttpRequestException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"https://{host}/v2/"), TestContext.Current.CancellationToken));

        Assert.Equal(RegistryMetrics.NoResponse, Assert.Single(Seen("flux_mirror_registry_requests", host)).Labels["status"]);
    }

    [Fact]
    public void Throttles_count_per_host_and_status_and_add_up_the_pauses_asked_for()
    {
        var host = $"throttled-{Guid.NewGuid():N}.example";

        RegistryMetrics.RecordThrottle(host, 429, TimeSpan.FromSeconds(2));
        RegistryMetrics.RecordThrottle(host, 503, null);

        Assert.Equal(["429", "503"], Seen("flux_mirror_registry_throttled", host).Select(m => m.Labels["status"]).Order());
        Assert.Equal(2000, Assert.Single(Seen("flux_mirror_registry_retry_after_pause", host)).Value);
    }

    [Fact]
    public void Blobs_count_by_outcome_and_only_uploads_add_bytes()
    {
        const long size = 7_777_001;

        MirroringMetrics.RecordBlob(BlobPushOutcome.Pushed, size);
        MirroringMetrics.RecordBlob(BlobPushOutcome.Mounted, size);
        MirroringMetrics.RecordBlob(BlobPushOutcome.Existing, size);

        Assert.Contains(_seen, m => m.Instrument == "flux_mirror_blobs" && m.Labels["outcome"] == "uploaded");
        Assert.Contains(_seen, m => m.Instrument == "flux_mirror_blobs" && m.Labels["outcome"] == "mounted");
        Assert.Contains(_seen, m => m.Instrument == "flux_mirror_blobs" && m.Labels["outcome"] == "existing");
        var bytes = Assert.Single(Snapshot(), m => m.Instrument == "flux_mirror_copied_bytes" && m.Value == size);
        Assert.Equal("blob", bytes.Labels["kind"]);
    }

    [Fact]
    public void Tag_rows_and_journal_writes_carry_fixed_words_only()
    {
        JobMetrics.RecordTag(TagStatus.WouldOverwrite);
        JobMetrics.RecordWrite("tag_row", JobMetrics.StartWrite());

        Assert.Contains(Snapshot(), m => m.Instrument == "flux_mirror_tags" && m.Labels["status"] == "would-overwrite");
        Assert.Contains(Snapshot(), m => m.Instrument == "flux_mirror_journal_write_duration" && m.Labels["event"] == "tag_row");
    }

    [Fact]
    public void A_limiter_reports_changes_of_its_levels_and_gives_them_back_when_it_stops()
    {
        var host = $"limited-{Guid.NewGuid():N}.example";
        var limiter = new HostLimiterMetrics(host);

        limiter.Report(inUse: 3, waiting: 2, limit: 4);
        limiter.Report(inUse: 4, waiting: 2, limit: 4);
        limiter.Stopped();

        Assert.Equal([3, 1, -4], Seen("flux_mirror_host_permits_in_use", host).Select(m => m.Value));
        Assert.Equal([2, -2], Seen("flux_mirror_host_permits_waiting", host).Select(m => m.Value));
        Assert.Equal([4, -4], Seen("flux_mirror_host_permit_limit", host).Select(m => m.Value));
    }

    [Fact]
    public void No_instrument_carries_a_label_outside_the_bounded_set()
    {
        RegistryMetrics.RecordExchange("labels.example", HttpMethod.Put, 201, TimeSpan.FromMilliseconds(5));
        MirroringMetrics.RecordManifest(10);
        JobMetrics.RecordTag(TagStatus.Copied);

        var snapshot = Snapshot();
        Assert.NotEmpty(snapshot);
        Assert.All(snapshot, m => Assert.Subset(AllowedLabels, m.Labels.Keys.ToHashSet()));
        Assert.All(snapshot, m => Assert.StartsWith("flux_mirror_", m.Instrument, StringComparison.Ordinal));
    }

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            labels[tag.Key] = tag.Value?.ToString() ?? "";
        }

        lock (_gate)
        {
            _seen.Add((instrument.Name, value, labels));
        }
    }

    private List<(string Instrument, long Value, Dictionary<string, string> Labels)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _seen];
        }
    }

    private List<(string Instrument, long Value, Dictionary<string, string> Labels)> Seen(string instrument, string host) =>
        [.. Snapshot().Where(m => m.Instrument == instrument && m.Labels.GetValueOrDefault("host") == host)];

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status));
    }

    private sealed class Refusing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
