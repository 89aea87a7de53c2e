using System.Text.Json;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>The runtime settings the flux-mirror executable ships with (its runtimeconfig.json, built next to it).</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Tier_one_recompilation_waits_for_two_quiet_seconds_so_a_short_run_does_not_pay_for_it()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "flux-mirror.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(2000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }
}
