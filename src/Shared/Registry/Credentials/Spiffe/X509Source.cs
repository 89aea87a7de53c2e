using System.Runtime.CompilerServices;
using FluxMirror.Registry.Credentials.Spiffe.WorkloadApi;
using Grpc.Core;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>
/// The current X.509-SVID and bundle of this workload, kept up to date from the Workload API's
/// <c>FetchX509SVID</c> stream: each update replaces SVID and bundle together; a dropped stream is reopened with
/// bounded exponential backoff; <c>InvalidArgument</c> (a refused call) stops the watch, as go-spiffe does. The first
/// SVID is awaited at most <see cref="X509SourceTiming.FirstUpdate"/>; failures read
/// <c>spiffe: create X.509 source: …</c>. One per host that uses SPIFFE; disposing it closes the stream.
/// </summary>
public sealed class X509Source : IDisposable
{
    private const string CreateFailed = "spiffe: create X.509 source: ";

    private readonly Func<CancellationToken, IAsyncEnumerable<X509Context>> _updates;
    private readonly X509SourceTiming _timing;
    private readonly IDisposable? _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _ready;
    private readonly Task _watch;
    private X509Context? _current;
    private string _lastError = "no X.509-SVID received";
    private int _updateCount;

    internal X509Source(Func<CancellationToken, IAsyncEnumerable<X509Context>> updates, X509SourceTiming timing, IDisposable? connection = null)
    {
        _updates = updates;
        _timing = timing;
        _connection = connection;
        _ready = WaitForFirstAsync();
        _watch = Task.Run(WatchAsync);
    }

    /// <summary>How many updates were applied so far (the first SVID included).</summary>
    public int UpdateCount => Volatile.Read(ref _updateCount);

    /// <summary>The latest SVID and bundle; null until the first update.</summary>
    public X509Context? Current => Volatile.Read(ref _current);

    /// <summary>Starts watching the Workload API at <paramref name="address"/>.</summary>
    public static X509Source Start(WorkloadApiAddress address, X509SourceTiming? timing = null)
    {
        var client = new WorkloadApiClient(address);
        return new X509Source(ct => StreamAsync(client, ct), timing ?? X509SourceTiming.Default, client);
    }

    /// <summary>Starts watching the Workload API named by <c>SPIFFE_ENDPOINT_SOCKET</c>; an unusable address throws at once.</summary>
    public static X509Source FromEnvironment(X509SourceTiming? timing = null)
    {
        try
        {
            return Start(WorkloadApiAddress.FromEnvironment(), timing);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException(CreateFailed + ex.Message);
        }
    }

    /// <summary>Completes once the first SVID arrived; throws <see cref="CredentialException"/> when it did not in time.</summary>
    public Task WaitReadyAsync(CancellationToken ct) => _ready.WaitAsync(ct);

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _connection?.Dispose();
        _stop.Dispose();
    }

    private static async IAsyncEnumerable<X509Context> StreamAsync(WorkloadApiClient client, [EnumeratorCancellation] CancellationToken ct)
    {
        using var call = client.Api.FetchX509SVID(new X509SVIDRequest(), WorkloadApiClient.Options(null, ct));
        await foreach (var response in call.ResponseStream.ReadAllAsync(ct).ConfigureAwait(false))
        {
            yield return X509ContextParser.Parse(response);
        }
    }

    private async Task WaitForFirstAsync()
    {
        var timeout = Task.Delay(_timing.FirstUpdate, _stop.Token);
        if (await Task.WhenAny(_first.Task, timeout).ConfigureAwait(false) == _first.Task)
        {
            await _first.Task.ConfigureAwait(false);
            return;
        }

        throw new CredentialException(_stop.IsCancellationRequested
            ? CreateFailed + "source is closed"
            : $"{CreateFailed}no X.509-SVID within {_timing.FirstUpdate.TotalSeconds:0.###}s: {Volatile.Read(ref _lastError)}");
    }

    private async Task WatchAsync()
    {
        var backoff = _timing.InitialBackoff;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await foreach (var update in _updates(token).WithCancellation(token).ConfigureAwait(false))
                {
                    Volatile.Write(ref _current, update);
                    Interlocked.Increment(ref _updateCount);
                    _first.TrySetResult();
                    backoff = _timing.InitialBackoff;
                }

                Volatile.Write(ref _lastError, "the Workload API closed the X.509-SVID stream");
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
            {
                Volatile.Write(ref _lastError, WorkloadApiClient.Describe(ex));
                _first.TrySetException(new CredentialException(CreateFailed + WorkloadApiClient.Describe(ex)));
                return;
            }
            catch (RpcException ex)
            {
                Volatile.Write(ref _lastError, WorkloadApiClient.Describe(ex));
            }
            catch (CredentialException ex)
            {
                Volatile.Write(ref _lastError, ex.Message);
            }

            try
            {
                await Task.Delay(backoff, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _timing.MaxBackoff.Ticks));
        }
    }
}
