using System.Text.Json;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>The runtime settings the flux-mirror executable ships with (its runtimeconfig.json, built next to it).</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Tier_one_recompilation_waits_for_two_quiet_seconds_so_a_short_run_does_not_pay_for_it() =>
        Assert.Equal(2000, Property("System.Runtime.TieredCompilation.CallCountingDelayMs"));

    [Fact]
    public void Idle_thread_pool_threads_sleep_without_spinning_first() =>
        Assert.Equal(0, Property("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"));

    private static int Property(string name)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "flux-mirror.runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty(name).GetInt32();
    }
}
