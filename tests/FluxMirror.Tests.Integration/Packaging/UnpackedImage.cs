using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;

namespace FluxMirror.Tests.Integration.Packaging;

/// <summary>
/// An image unpacked with umoci, run the way a restricted pod runs it: its entrypoint in a chroot of the root
/// filesystem mounted read-only, empty writable volumes on /tmp and /var/lib/flux-mirror, /proc and the device nodes
/// every container runtime provides, only the image's environment, as the image's user. A private mount and PID namespace (unshare) keeps every mount away from the host.
/// </summary>
internal sealed class UnpackedImage
{
    private const string RunScript = """
        set -eu
        root=$1; user=$2; shift 2
        mount --bind "$root" "$root"
        mount -o remount,bind,ro "$root"
        mount -t proc proc "$root/proc"
        mount -t tmpfs -o mode=0755 tmpfs "$root/dev"
        for node in null zero full random urandom; do
          touch "$root/dev/$node" && mount --bind "/dev/$node" "$root/dev/$node"
        done
        mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
        mount -t tmpfs -o mode=0755,uid=65532,gid=65532 tmpfs "$root/var/lib/flux-mirror"
        exec chroot --userspec="$user" "$root" "$@"
        """;

    private UnpackedImage(string rootFs, ImageConfig config)
    {
        RootFs = rootFs;
        Config = config;
    }

    public string RootFs { get; }

    public ImageConfig Config { get; }

    public static async Task<UnpackedImage> UnpackAsync(string layout, string tag, string bundle, CancellationToken ct)
    {
        var unpack = await ProcessRunner.RunAsync(
            "umoci", ["unpack", "--image", $"{layout}:{tag}", bundle], new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(2) }, ct);
        Assert.True(unpack.Succeeded, $"umoci unpack exited {unpack.ExitCode}: {unpack.CombinedOutput}");
        return new UnpackedImage(Path.Combine(bundle, "rootfs"), ImageConfig.FromLayout(layout, tag));
    }

    public Task<ProcessResult> RunEntrypointAsync(IEnumerable<string> arguments, string? stdin, CancellationToken ct)
    {
        Assert.NotNull(Config.User);
        return ProcessRunner.RunAsync(
            "env",
            ["-i", .. Config.Environment.Select(e => $"{e.Key}={e.Value}"),
                "unshare", "--mount", "--pid", "--fork", "sh", "-c", RunScript, "sh", RootFs, Config.User, .. Config.Entrypoint, .. arguments],
            new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(2), StandardInput = stdin },
            ct);
    }

    /// <summary>
    /// Paths (from the image's root) the image's user may write to: world-writable, owned by the user, or
    /// group-writable for its group. Symbolic links do not count (their own mode means nothing).
    /// </summary>
    public async Task<IReadOnlyList<string>> WritableByImageUserAsync(CancellationToken ct)
    {
        var find = await ProcessRunner.RunAsync(
            "find",
            [RootFs, "-xdev", "!", "-type", "l", "(", "-perm", "-0002", "-o", "-uid", ImageContract.Uid.ToString(),
                "-o", "(", "-gid", ImageContract.Uid.ToString(), "-perm", "-0020", ")", ")", "-printf", "/%P\\n"],
            ct);
        Assert.True(find.Succeeded, find.CombinedOutput);
        return find.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Paths under <paramref name="directory"/> (from the image's root) not owned by root.</summary>
    public async Task<IReadOnlyList<string>> NotOwnedByRootAsync(string directory, CancellationToken ct)
    {
        var find = await ProcessRunner.RunAsync("find", [RootFs + directory, "!", "-uid", "0", "-printf", "%P\\n"], ct);
        Assert.True(find.Succeeded, find.CombinedOutput);
        return find.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
