using System.Globalization;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// The floor copier run as a process of its own (this bench's executable in <see cref="ChildMode"/>), as flux-mirror
/// runs: its wall and CPU time include the .NET runtime's start and the JIT work of a fresh process, which the
/// in-process floor does not pay. The difference between the two floors is what any .NET copier pays to start; what
/// flux-mirror takes beyond this one is mostly its own pipeline's. Unlike flux-mirror's self-contained ReadyToRun
/// publish, the bench runs as built: its own code is compiled at run time (the framework is precompiled), which makes
/// this floor a little slower than a precompiled one would be; its JIT work is printed with its note. It is shown for
/// comparison, not judged as a target. (A ReadyToRun publish of the bench, which carries the test fixtures, ran
/// crossgen2 for over 14 minutes at 10 GB before it was stopped.)
/// </summary>
internal sealed class FloorProcessCopier(EstateShape shape, int concurrency) : IEstateCopier
{
    /// <summary>The first argument that makes this executable run one floor copy and exit.</summary>
    public const string ChildMode = "floor-child";

    public string Name => "floor-process";

    public bool RunsAsChildProcess => true;

    public async Task<string> CopyAsync(string sourceHost, string destinationHost, CancellationToken ct)
    {
        var (fileName, prefix) = Self();
        string[] arguments =
        [
            .. prefix, ChildMode, Invariant(shape.Repositories), Invariant(shape.TagsPerRepository), Invariant(concurrency), sourceHost, destinationHost,
        ];
        var result = await ChildProcess.RunAsync(Name, fileName, arguments, null, ct);
        return ChildProcess.LastLine(result.StandardOutput);
    }

    /// <summary>Runs one floor copy in this process: <c>floor-child REPOS TAGS CONCURRENCY SOURCE DESTINATION</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args, CancellationToken ct)
    {
        var shape = new EstateShape(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        try
        {
            var note = await new FloorCopier(shape, int.Parse(args[3], CultureInfo.InvariantCulture)).CopyAsync(args[4], args[5], ct);
            // What being JIT-compiled cost this process, so that a reader can weigh it against flux-mirror's precompiled start.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{note}; JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms for {System.Runtime.JitInfo.GetCompiledMethodCount()} methods"));
            return 0;
        }
        catch (CopyFailedException e)
        {
            Console.Error.WriteLine($"✗ {e.Message}");
            return 1;
        }
    }

    // The apphost when there is one (`dotnet run` starts it); otherwise `dotnet <this assembly>`.
    private static (string FileName, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the bench's own executable path is unknown");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(FloorProcessCopier).Assembly.Location])
            : (process, []);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
