using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.Output;

/// <summary>
/// Live progress on a terminal's stderr: spinner, tags done/total, bytes and rate. Redrawn every 100 ms on
/// its own timer; paused while a result line is printed so lines never interleave.
/// </summary>
public sealed class ProgressSpinner : IDisposable, IProgress<long>
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _stderr;
    private readonly Timer _timer;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly Lock _gate = new();
    private JobProgress? _progress;
    private long _liveBytes;
    private int _frame;
    private bool _paused;
    private bool _drawn;

    public ProgressSpinner(TextWriter stderr)
    {
        _stderr = stderr;
        _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public void Update(JobProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
        }
    }

    /// <summary>Blob bytes as they stream, so a single large layer still shows movement.</summary>
    public void Report(long value) => Interlocked.Add(ref _liveBytes, value);

    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
            Clear();
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _paused = false;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _paused = true;
            Clear();
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_paused)
            {
                return;
            }

            var p = _progress;
            var bytes = Interlocked.Read(ref _liveBytes);
            var elapsed = (DateTimeOffset.UtcNow - _started).TotalSeconds;
            var text = p is null
                ? " syncing..."
                : $" syncing... ({p.EntriesDone}/{p.EntriesTotal} done, {p.TagsDone}/{p.TagsTotal} tags, {Bytes(bytes)}, {Bytes((long)(bytes / Math.Max(elapsed, 0.001)))}/s)";
            _stderr.Write("\r\u001b[K" + Frames[_frame++ % Frames.Length] + text);
            _stderr.Flush();
            _drawn = true;
        }
    }

    private void Clear()
    {
        if (_drawn)
        {
            _stderr.Write("\r\u001b[K");
            _stderr.Flush();
            _drawn = false;
        }
    }

    private static string Bytes(long n) => n switch
    {
        >= 1L << 30 => $"{n / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{n / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{n / (double)(1L << 10):0.0} KiB",
        _ => $"{n} B",
    };
}
