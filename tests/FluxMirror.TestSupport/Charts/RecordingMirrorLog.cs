using System.Collections.Concurrent;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.TestSupport.Charts;

/// <summary>Keeps every verbose line (message and fields) for assertions.</summary>
public sealed class RecordingMirrorLog : IMirrorLog
{
    private readonly ConcurrentQueue<(string Message, IReadOnlyDictionary<string, object?> Fields)> _lines = new();

    public bool Enabled => true;

    public IReadOnlyList<(string Message, IReadOnlyDictionary<string, object?> Fields)> Lines => [.. _lines];

    public void Write(string message, params (string Key, object? Value)[] fields) =>
        _lines.Enqueue((message, fields.ToDictionary(f => f.Key, f => f.Value)));

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Find(string message) =>
        [.. Lines.Where(l => l.Message == message).Select(l => l.Fields)];
}
