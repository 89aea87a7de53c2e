namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Thread-safe sink for a child's stdout/stderr lines, with awaitable line predicates so fixtures
/// can react to "listening on" or a barrier request instead of sleeping.
/// </summary>
public sealed class ProcessLog
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<LoggedRequest> _requests = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource Signal)> _waiters = [];

    public void Add(string? line)
    {
        if (line is null)
            return;
        List<TaskCompletionSource> toRelease = [];
        lock (_gate)
        {
            _lines.Add(line);
            if (LoggedRequest.TryParse(line) is { } request)
                _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Predicate(line))
                    continue;
                toRelease.Add(_waiters[i].Signal);
                _waiters.RemoveAt(i);
            }
        }
        // Completed outside the lock: continuations run asynchronously anyway, but stay safe.
        toRelease.ForEach(signal => signal.TrySetResult());
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
            return _lines.ToArray();
    }

    public IReadOnlyList<LoggedRequest> Requests()
    {
        lock (_gate)
            return _requests.ToArray();
    }

    public void ClearRequests()
    {
        lock (_gate)
            _requests.Clear();
    }

    /// <summary>Completes when a line (already logged or future) matches.</summary>
    public Task WaitForLineAsync(Func<string, bool> predicate, CancellationToken ct)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Any(predicate))
                return Task.CompletedTask;
            _waiters.Add((predicate, signal));
        }
        return signal.Task.WaitAsync(ct);
    }
}
