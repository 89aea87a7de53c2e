using System.Diagnostics;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>One node's <c>dotnet</c> process (the runtime host is the node itself: no child processes).</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessLog _log = new();

    private NodeProcess(string name, int port, Process process)
    {
        Name = name;
        Address = $"akka.tcp://flux-mirror@127.0.0.1:{port}";
        _process = process;
    }

    public string Name { get; }

    /// <summary>As the node reports itself, e.g. in <c>TagRowFinished.Worker</c>.</summary>
    public string Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The OS process id, for reading its memory and CPU from /proc (bench/large-job).</summary>
    public int ProcessId => _process.Id;

    public IReadOnlyList<string> Lines() => _log.Lines();

    public string Tail(int lines) => string.Join("\n", _log.Lines().TakeLast(lines).Select(l => l.Length > 300 ? l[..300] + "…" : l));

    /// <summary>SIGKILL, as the OOM killer or a node failure would: no coordinated shutdown, no leaving.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        _process.Kill();
        await _process.WaitForExitAsync(ct);
        ProcessReaper.Untrack(_process.Id);
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a node: coordinated shutdown, then exit. Returns the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken ct)
    {
        if (SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"could not send SIGTERM to {Name} (pid {_process.Id})");
        }

        await _process.WaitForExitAsync(ct);
        ProcessReaper.Untrack(_process.Id);
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    internal static NodeProcess Start(string name, int port, ProcessCluster.NodeCommand command, string workDirectory)
    {
        var info = ProcessRunner.CreateStartInfo("dotnet", command.Arguments, new ProcessRunOptions
        {
            Environment = command.Environment,
            WorkingDirectory = workDirectory,
        });
        var node = new NodeProcess(name, port, new Process { StartInfo = info });
        node._process.OutputDataReceived += (_, e) => node._log.Add(e.Data);
        node._process.ErrorDataReceived += (_, e) => node._log.Add(e.Data);
        node._process.Start();
        ProcessReaper.Track(node._process.Id);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    internal async Task StopAsync(TimeSpan timeout)
    {
        ProcessRunner.KillTree(_process);
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(timeout);
            ProcessReaper.Untrack(_process.Id);
        }
        catch (TimeoutException)
        {
            // Still tracked: the reaper's last-resort kill at test host exit gets another go.
        }
    }

    public void Dispose() => _process.Dispose();
}
