using System.Diagnostics.Metrics;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Telemetry;

namespace FluxMirror.Domain.Mirroring;

/// <summary>What copying records: how each blob reached its destination and the bytes pushed, as the copy happens
/// (a copy that fails half-way still counts what it moved).</summary>
internal static class MirroringMetrics
{
    private static readonly Counter<long> Blobs = MirrorMeter.Meter.CreateCounter<long>(
        "flux_mirror_blobs", description: "Blobs placed at destinations, by outcome: uploaded, mounted (cross-repository) or existing");

    private static readonly Counter<long> Bytes = MirrorMeter.Meter.CreateCounter<long>(
        "flux_mirror_copied_bytes", description: "Bytes pushed to destinations (blob uploads and manifests), by kind");

    public static void RecordBlob(BlobPushOutcome outcome, long size)
    {
        Blobs.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));
        if (outcome == BlobPushOutcome.Pushed)
        {
            Bytes.Add(size, new KeyValuePair<string, object?>("kind", "blob"));
        }
    }

    public static void RecordManifest(long size) => Bytes.Add(size, new KeyValuePair<string, object?>("kind", "manifest"));

    public static string OutcomeLabel(BlobPushOutcome outcome) => outcome switch
    {
        BlobPushOutcome.Pushed => "uploaded",
        BlobPushOutcome.Mounted => "mounted",
        _ => "existing",
    };
}
