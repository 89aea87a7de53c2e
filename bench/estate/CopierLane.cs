using System.Diagnostics;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// What one copier works against: its own proxy in front of the shared source registry and its own fresh destination
/// registry behind another proxy, so requests and source bytes are counted per copier and per side.
/// </summary>
internal sealed class CopierLane : IAsyncDisposable
{
    private readonly LoopbackProxy _sourceProxy;
    private readonly RegistryProcess _destination;
    private readonly LoopbackProxy _destinationProxy;

    private CopierLane(IEstateCopier copier, LoopbackProxy sourceProxy, RegistryProcess destination, LoopbackProxy destinationProxy)
    {
        Copier = copier;
        _sourceProxy = sourceProxy;
        _destination = destination;
        _destinationProxy = destinationProxy;
    }

    public IEstateCopier Copier { get; }

    public static async Task<CopierLane> StartAsync(IEstateCopier copier, RegistryProcess source, CancellationToken ct)
    {
        var sourceProxy = await LoopbackProxy.StartAsync(source.BaseUri, ct);
        var destination = await RegistryProcess.StartAsync(ct: ct);
        var destinationProxy = await LoopbackProxy.StartAsync(destination.BaseUri, ct);
        await WarmUpAsync(sourceProxy, ct);
        await WarmUpAsync(destinationProxy, ct);
        return new CopierLane(copier, sourceProxy, destination, destinationProxy);
    }

    /// <summary>Times one copy of the whole estate, then checks, outside the timing and past the proxies, that every tag arrived intact.</summary>
    public async Task<CopierRun> MeasureAsync(SeededEstate estate, bool noOp, CancellationToken ct)
    {
        _sourceProxy.Reset();
        _destinationProxy.Reset();
        var load = ProcFiles.LoadAverageOneMinute();
        var childCpu = ProcFiles.ReapedChildrenCpuSeconds();
        var wall = Stopwatch.StartNew();
        var note = await Copier.CopyAsync(_sourceProxy.Host, _destinationProxy.Host, ct);
        wall.Stop();
        var cpu = Copier.RunsAsChildProcess ? ProcFiles.ReapedChildrenCpuSeconds() - childCpu : null;
        var run = new CopierRun(
            Copier.Name, noOp, wall.Elapsed, cpu, _sourceProxy.Requests(), _destinationProxy.Requests(), _sourceProxy.BytesServed, load, note);
        await DestinationCheck.VerifyAsync(_destination, estate, run.Label, ct);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await _destinationProxy.DisposeAsync();
        await _destination.DisposeAsync();
        await _sourceProxy.DisposeAsync();
    }

    // The proxies run in this process: without one request each, the first copier measured would also pay for JIT-compiling
    // their forwarding path. Counters are reset before every measurement.
    private static async Task WarmUpAsync(LoopbackProxy proxy, CancellationToken ct)
    {
        using var http = LoopbackHttp.CreateClient(new Uri($"http://{proxy.Host}"), TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync("/v2/", ct);
        response.EnsureSuccessStatusCode();
    }
}
