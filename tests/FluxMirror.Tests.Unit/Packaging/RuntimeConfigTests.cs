using System.Text.Json;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>The runtime settings both executables ship with (their runtimeconfig.json, built next to them).</summary>
public sealed class RuntimeConfigTests
{
    public static TheoryData<string> Executables => ["flux-mirror", "flux-mirror-worker"];

    [Theory]
    [MemberData(nameof(Executables))]
    public void Tier_one_recompilation_waits_for_two_quiet_seconds_so_a_short_run_does_not_pay_for_it(string executable) =>
        Assert.Equal(2000, Property(executable, "System.Runtime.TieredCompilation.CallCountingDelayMs"));

    [Theory]
    [MemberData(nameof(Executables))]
    public void Idle_thread_pool_threads_sleep_without_spinning_first(string executable) =>
        Assert.Equal(0, Property(executable, "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"));

    private static int Property(string executable, string name)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, executable + ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty(name).GetInt32();
    }
}
