using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Plugin;

/// <summary>
/// A Flux CLI plugin directory (<c>$FLUXCD_PLUGINS</c>) holding <c>flux-mirror</c> as a symlink to the built apphost,
/// and a stand-in <c>flux</c> that dispatches <c>flux mirror …</c> the way fluxcd/flux2's internal/plugin does:
/// <c>flux-NAME</c> from the plugin directory, exec'd with the words after NAME, argv[0] = the plugin's full path,
/// the environment unchanged.
/// </summary>
internal sealed class FluxPluginDirectory : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fm-plugins-").FullName;

    public FluxPluginDirectory()
    {
        Plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName;
        Home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var apphost = Path.Combine(AppContext.BaseDirectory, "flux-mirror");
        if (!File.Exists(apphost))
        {
            throw new InvalidOperationException($"no apphost at {apphost}: the test needs the native flux-mirror launcher");
        }

        Plugin = Path.Combine(Plugins, "flux-mirror");
        File.CreateSymbolicLink(Plugin, apphost);
        Flux = Path.Combine(_root, "flux");
        File.WriteAllText(Flux, """
            #!/usr/bin/env bash
            # flux NAME ARGS...: exec $FLUXCD_PLUGINS/flux-NAME ARGS... (DisableFlagParsing: flags pass through untouched).
            name="$1"
            shift
            exec "${FLUXCD_PLUGINS:-$HOME/.fluxcd/plugins}/flux-$name" "$@"

            """);
        File.SetUnixFileMode(Flux, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Plugins { get; }

    public string Home { get; }

    /// <summary>The plugin's path, a symlink named <c>flux-mirror</c>.</summary>
    public string Plugin { get; }

    /// <summary>The stand-in <c>flux</c> CLI.</summary>
    public string Flux { get; }

    public Task<ProcessResult> FluxAsync(params string[] args) => ProcessRunner.RunAsync(
        Flux,
        args,
        new ProcessRunOptions
        {
            Timeout = TimeSpan.FromMinutes(1),
            WorkingDirectory = Home,
            Environment = new Dictionary<string, string?>
            {
                ["FLUXCD_PLUGINS"] = Plugins,
                ["HOME"] = Home,
                ["FLUX_MIRROR_CONFIG"] = null,
                ["DOTNET_NOLOGO"] = "1",
            },
        },
        TestContext.Current.CancellationToken);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
