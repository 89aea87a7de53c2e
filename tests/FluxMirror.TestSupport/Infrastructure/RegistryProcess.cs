using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A real distribution registry (Debian's <c>docker-registry</c>) on a free 127.0.0.1 port, with
/// filesystem storage in a temp dir, deletes enabled and the access log captured for assertions.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const int MaxStartAttempts = 5;
    private const string BarrierParameter = "fixture-barrier";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ProcessLog _log;
    private readonly string _workDirectory;
    private readonly HttpClient _probe;

    private RegistryProcess(Process process, ProcessLog log, string workDirectory, int port, RegistryOptions options)
    {
        _process = process;
        _log = log;
        _workDirectory = workDirectory;
        Host = $"127.0.0.1:{port}";
        BaseUri = new Uri($"http://{Host}");
        Username = options.Username;
        Password = options.Password;
        _probe = LoopbackHttp.CreateClient(BaseUri, TimeSpan.FromSeconds(10));
    }

    /// <summary>"127.0.0.1:&lt;port&gt;", the registry part of an image reference.</summary>
    public string Host { get; }

    public Uri BaseUri { get; }

    /// <summary>Storage root: blobs live under <c>docker/registry/v2/blobs/sha256/&lt;xx&gt;/&lt;hex&gt;/data</c>.</summary>
    public string DataDirectory => Path.Combine(_workDirectory, "storage");

    public string? Username { get; }

    public string? Password { get; }

    public bool RequiresAuth => Username is not null && Password is not null;

    public static async Task<RegistryProcess> StartAsync(RegistryOptions? options = null, CancellationToken ct = default)
    {
        options ??= new RegistryOptions();
        for (var attempt = 1; ; attempt++)
        {
            var workDirectory = TempDirectory.Create("registry");
            var port = FreePort.Next();
            try
            {
                return await TryStartAsync(workDirectory, port, options, ct);
            }
            catch (PortClashException) when (attempt < MaxStartAttempts)
            {
                TempDirectory.TryDelete(workDirectory);
            }
            catch
            {
                TempDirectory.TryDelete(workDirectory);
                throw;
            }
        }
    }

    public IReadOnlyList<string> LogLines() => _log.Lines();

    /// <summary>Requests whose access-log line has been read so far (see <see cref="RequestsAsync"/>).</summary>
    public IReadOnlyList<LoggedRequest> Requests() => _log.Requests().Where(r => !IsBarrier(r)).ToArray();

    /// <summary>
    /// All requests completed before this call. The registry writes the access line before the response
    /// is flushed, so a marker request's line proves every earlier line has reached us.
    /// </summary>
    public async Task<IReadOnlyList<LoggedRequest>> RequestsAsync(CancellationToken ct = default)
    {
        var marker = $"{BarrierParameter}={Guid.NewGuid():N}";
        var seen = _log.WaitForLineAsync(line => line.Contains(marker, StringComparison.Ordinal) && LoggedRequest.TryParse(line) is not null, ct);
        using (await _probe.GetAsync($"/v2/?{marker}", ct)) { }
        await seen.WaitAsync(TimeSpan.FromSeconds(10), ct);
        return Requests();
    }

    public void ClearRequestLog() => _log.ClearRequests();

    public async Task StopAsync()
    {
        ProcessRunner.KillTree(_process);
        await _process.WaitForExitAsync();
        ProcessReaper.Untrack(_process.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _probe.Dispose();
        TempDirectory.TryDelete(_workDirectory);
    }

    private static async Task<RegistryProcess> TryStartAsync(string workDirectory, int port, RegistryOptions options, CancellationToken ct)
    {
        var configPath = await RegistryConfigWriter.WriteAsync(workDirectory, port, options, ct);
        var log = new ProcessLog();
        var process = new Process
        {
            StartInfo = ProcessRunner.CreateStartInfo(
                "docker-registry", ["serve", configPath], new ProcessRunOptions { WorkingDirectory = workDirectory }),
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.Start();
        ProcessReaper.Track(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var registry = new RegistryProcess(process, log, workDirectory, port, options);
        try
        {
            await registry.WaitUntilReadyAsync(ct);
            // Tests count requests from a clean slate: drop the readiness probe once its line has arrived.
            await registry.RequestsAsync(ct);
            registry.ClearRequestLog();
            return registry;
        }
        catch
        {
            await registry.StopAsync();
            process.Dispose();
            registry._probe.Dispose();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        // "listening on" is logged right after the socket is bound; an early exit means it never will be.
        var listening = _log.WaitForLineAsync(line => line.Contains($"listening on {Host}", StringComparison.Ordinal), timeout.Token);
        var exited = _process.WaitForExitAsync(timeout.Token);
        try
        {
            if (await Task.WhenAny(listening, exited) == exited && exited.IsCompletedSuccessfully)
                throw StartFailure();
            await listening;
            await ProbeUntilAnsweringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"registry on {Host} did not become ready within {StartTimeout.TotalSeconds:0}s");
        }
    }

    private async Task ProbeUntilAnsweringAsync(CancellationToken ct)
    {
        var expected = RequiresAuth ? HttpStatusCode.Unauthorized : HttpStatusCode.OK;
        for (var backoff = TimeSpan.FromMilliseconds(10); ; backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond / 4)))
        {
            try
            {
                using var response = await _probe.GetAsync("/v2/", ct);
                if (response.StatusCode == expected)
                    return;
                throw new InvalidOperationException($"registry on {Host} answered /v2/ with {(int)response.StatusCode}, expected {(int)expected}");
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                if (_process.HasExited)
                    throw StartFailure();
                // Bounded by the caller's timeout; the backoff only avoids spinning a shared CPU.
                await Task.Delay(backoff, ct);
            }
        }
    }

    private static bool IsBarrier(LoggedRequest request) =>
        request.Path.Contains($"?{BarrierParameter}=", StringComparison.Ordinal);

    private Exception StartFailure()
    {
        var lines = _log.Lines();
        if (lines.Any(l => l.Contains("address already in use", StringComparison.Ordinal)))
            return new PortClashException();
        var tail = string.Join(Environment.NewLine, lines.TakeLast(10));
        return new InvalidOperationException($"registry on {Host} exited during start-up:{Environment.NewLine}{tail}");
    }

    private sealed class PortClashException() : Exception("port already in use");
}
