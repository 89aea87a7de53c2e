using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.LargeJob;

/// <summary>
/// The processes whose CPU the bench tells apart: each node (one dotnet process, no children), the registries (this
/// process's docker-registry descendants) and PostgreSQL (the postmaster serving <c>dataDirectory</c> and its backends).
/// </summary>
internal sealed class CpuGroups(IReadOnlyList<(string Name, int ProcessId)> nodes, string postgresDataDirectory)
{
    public const string Registries = "registries";
    public const string Postgres = "postgres";

    public IReadOnlyList<string> NodeNames => [.. nodes.Select(n => n.Name)];

    /// <summary>utime + stime in ticks of every live member of every group, and the machine's busy and total ticks.</summary>
    public CpuSnapshot Take()
    {
        var table = ProcFiles.AllProcessIds()
            .Select(pid => (Pid: pid, Stat: ProcFiles.Stat(pid)))
            .Where(p => p.Stat is not null)
            .ToDictionary(p => p.Pid, p => p.Stat!.Value);
        var children = table.ToLookup(p => p.Value.ParentId, p => p.Key);
        var groups = new Dictionary<string, Dictionary<int, long>>();
        foreach (var (name, pid) in nodes)
        {
            groups[name] = Ticks(table, [pid]);
        }

        groups[Registries] = Ticks(table, Descendants(children, Environment.ProcessId).Where(p => ProcFiles.CommandName(p) == "docker-registry"));
        var postmaster = table.Keys.FirstOrDefault(p =>
            ProcFiles.CommandName(p) == "postgres" && ProcFiles.CommandLine(p).Contains(postgresDataDirectory, StringComparison.Ordinal));
        groups[Postgres] = postmaster == 0 ? [] : Ticks(table, [postmaster, .. Descendants(children, postmaster)]);
        return new CpuSnapshot(groups, ProcFiles.MachineTicks() ?? throw new InvalidOperationException("/proc/stat is not readable"));
    }

    private static Dictionary<int, long> Ticks(Dictionary<int, (int ParentId, long CpuTicks)> table, IEnumerable<int> pids) =>
        pids.Where(table.ContainsKey).Distinct().ToDictionary(p => p, p => table[p].CpuTicks);

    private static IEnumerable<int> Descendants(ILookup<int, int> children, int root)
    {
        var pending = new Stack<int>(children[root]);
        while (pending.TryPop(out var pid))
        {
            yield return pid;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }
    }
}
