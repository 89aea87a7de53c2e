using System.Collections.Concurrent;
using System.Diagnostics;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Last line of defence against orphaned registries and databases: every long-lived child
/// process is tracked here and killed when the test host exits, even if a test crashed
/// before disposing its fixture.
/// </summary>
public static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, byte> LiveProcessIds = new();

    static ProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(int processId) => LiveProcessIds[processId] = 0;

    public static void Untrack(int processId) => LiveProcessIds.TryRemove(processId, out _);

    public static void Kill(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited while we looked at it.
        }
    }

    private static void KillAll()
    {
        foreach (var processId in LiveProcessIds.Keys)
            Kill(processId);
        LiveProcessIds.Clear();
    }
}
