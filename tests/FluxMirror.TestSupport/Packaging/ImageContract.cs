namespace FluxMirror.TestSupport.Packaging;

/// <summary>
/// What the flux-mirror image promises whichever way it is built (<c>scripts/image.sh</c> or the <c>Dockerfile</c>):
/// one non-root user, one entrypoint, and the only writable places are the two volumes, so a read-only root works.
/// </summary>
public static class ImageContract
{
    public const string User = "65532:65532";

    public const int Uid = 65532;

    public const string Entrypoint = "/app/flux-mirror";

    public const string StateDirectory = "/var/lib/flux-mirror";

    public const string TempDirectory = "/tmp";

    public static IReadOnlyList<string> Volumes { get; } = [StateDirectory, TempDirectory];

    /// <summary>HOME holds the CLI's state and ~/.docker; TMPDIR the runtime's diagnostics socket and temp files.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["HOME"] = StateDirectory,
        ["TMPDIR"] = TempDirectory,
        ["PATH"] = "/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["SSL_CERT_FILE"] = "/etc/ssl/certs/ca-certificates.crt",
    };
}
