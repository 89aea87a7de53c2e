using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator.Output;

/// <summary>The verbose log sink: timestamped lines on stderr, serialized across threads.</summary>
public sealed class StderrMirrorLog(TextWriter stderr) : IMirrorLog
{
    private readonly Lock _gate = new();

    public bool Enabled => true;

    public void Write(string message, params (string Key, object? Value)[] fields)
    {
        var line = LogLineFormatter.Format(DateTimeOffset.Now, message, fields);
        lock (_gate)
        {
            stderr.WriteLine(line);
        }
    }
}
