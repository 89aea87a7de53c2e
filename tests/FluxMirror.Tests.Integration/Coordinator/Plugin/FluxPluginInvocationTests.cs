using FluxMirror.Domain.Reporting;

namespace FluxMirror.Tests.Integration.Coordinator.Plugin;

/// <summary>
/// <c>flux mirror …</c>: the Flux CLI execs the plugin binary from its plugin directory through a symlink, with the
/// words after <c>mirror</c> as they were typed, and asks it for completions with cobra's <c>__complete</c>.
/// </summary>
// No registry or shared port: these run beside the Sync and Cluster collections, not after them.
[Collection("CommandLine")]
public sealed class FluxPluginInvocationTests : IDisposable
{
    private readonly FluxPluginDirectory _flux = new();

    public void Dispose() => _flux.Dispose();

    [Fact]
    public async Task Flux_mirror_version_runs_the_plugin_through_its_symlink()
    {
        var result = await _flux.FluxAsync("mirror", "version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"flux-mirror v{ReporterName.Version}\n", result.StandardOutput);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public async Task Flux_mirror_help_is_the_plugins_own_help()
    {
        var result = await _flux.FluxAsync("mirror", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:\n  flux-mirror [command]", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flux_mirror_keygen_writes_into_the_working_directory_by_default()
    {
        var result = await _flux.FluxAsync("mirror", "keygen");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("✔ private key set written to: privkey.json\n✔ public key set written to: pubkey.json\n", result.StandardOutput);
        Assert.True(File.Exists(Path.Combine(_flux.Home, "privkey.json")));
        Assert.True(File.Exists(Path.Combine(_flux.Home, "pubkey.json")));
    }

    [Fact]
    public async Task The_completion_request_flux_forwards_is_answered_in_cobras_format()
    {
        // flux's plugin completion runs: <plugin> __complete ARGS... PARTIAL, and reads lines then :directive.
        var result = await _flux.FluxAsync("mirror", "__complete", "sync", "--out");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("--output\t", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("\n:4\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flux_flag_passed_through_to_the_plugin_is_refused_in_one_line()
    {
        var result = await _flux.FluxAsync("mirror", "--namespace", "flux-system", "version");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ unknown flag: --namespace\n", result.StandardError);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task The_global_timeout_before_the_command_reaches_it()
    {
        var result = await _flux.FluxAsync("mirror", "--timeout", "5s", "keygen");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --timeout does not apply to \"flux-mirror keygen\": it waits for nothing\n", result.StandardError);
    }
}
