using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// One call per key at a time, shared by every concurrent caller of that key (a registry's ping, a token fetch). The
/// call runs on a token of its own, never on one caller's, so one caller giving up never fails the others; once every
/// caller has given up it is cancelled, so an abandoned call (and the host-gate permit it holds) does not linger. A
/// failed or abandoned call is forgotten, and the next caller starts afresh; a result stays until removed or replaced.
/// </summary>
internal sealed class SharedCalls<T>(IEqualityComparer<string> keys)
{
    private readonly ConcurrentDictionary<string, Call> _calls = new(keys);

    /// <returns>The result, and whether this caller started the call that produced it.</returns>
    public async Task<(T Value, bool Started)> GetAsync(string key, Func<CancellationToken, Task<T>> start, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var candidate = new Call(start);
            var call = _calls.GetOrAdd(key, candidate);
            try
            {
                return (await call.JoinAsync(ct).ConfigureAwait(false), ReferenceEquals(call, candidate));
            }
            catch when (!ct.IsCancellationRequested)
            {
                _calls.TryRemove(KeyValuePair.Create(key, call));
                if (!call.WasAbandoned)
                {
                    throw;
                }

                // Everyone before this caller gave up just as it joined: start again.
            }
        }
    }

    public void Set(string key, T value) => _calls[key] = Call.Completed(value);

    public void Remove(string key) => _calls.TryRemove(key, out _);

    /// <summary>Removes the key only while it still holds <paramref name="value"/>: a newer result stays.</summary>
    public void Remove(string key, T value)
    {
        if (_calls.TryGetValue(key, out var call) && call.Holds(value))
        {
            _calls.TryRemove(KeyValuePair.Create(key, call));
        }
    }

    [SuppressMessage("Design", "CA1001", Justification = "The source has no timer and no linked token: disposing it releases nothing, and would race the cancel of an abandoned call.")]
    private sealed class Call
    {
        private readonly Lock _lock = new();
        private readonly CancellationTokenSource _abandoned = new();
        private readonly Func<CancellationToken, Task<T>>? _start;
        private Task<T>? _task;
        private int _callers;
        private volatile bool _closed;

        public Call(Func<CancellationToken, Task<T>> start) => _start = start;

        private Call(Task<T> completed) => _task = completed;

        /// <summary>Every caller gave up before it finished: it is (being) cancelled and takes no new callers.</summary>
        public bool WasAbandoned => _closed;

        public static Call Completed(T value) => new(Task.FromResult(value));

        public bool Holds(T value) => _task is { IsCompletedSuccessfully: true } task && EqualityComparer<T>.Default.Equals(task.Result, value);

        public async Task<T> JoinAsync(CancellationToken ct)
        {
            Task<T> task;
            lock (_lock)
            {
                if (_closed)
                {
                    throw new OperationCanceledException(_abandoned.Token);
                }

                _callers++;

                // Started off this thread: the call's own code never runs under the lock.
                task = _task ??= Task.Run(() => _start!(_abandoned.Token));
            }

            try
            {
                return await task.WaitAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                Leave(task);
            }
        }

        private void Leave(Task<T> task)
        {
            bool abandon;
            lock (_lock)
            {
                abandon = --_callers == 0 && !task.IsCompleted;
                if (abandon)
                {
                    _closed = true;
                }
            }

            if (abandon)
            {
                _abandoned.Cancel();
            }
        }
    }
}
