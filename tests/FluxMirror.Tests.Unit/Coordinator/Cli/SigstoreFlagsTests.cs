using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary>
/// The <c>--sigstore-*</c> sync flags and their variables: a flag wins over its variable, the files are read by the CLI
/// into the job's options, and every misuse is one <c>✗</c> line with the flag-error exit code.
/// </summary>
public sealed class SigstoreFlagsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigstore-flags-").FullName;
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_flags_or_variables_the_job_uses_the_public_good_sigstore() =>
        Assert.Null(Read());

    [Fact]
    public void A_trusted_root_file_is_read_into_the_job_options()
    {
        var root = File("trusted_root.json", "{\"tlogs\":[]}");

        var options = Read("--sigstore-trusted-root", root);

        Assert.Equal("{\"tlogs\":[]}"u8.ToArray(), options!.TrustedRootJson);
        Assert.Null(options.TufUrl);
        Assert.Null(options.TufCacheDirectory);
    }

    [Fact]
    public void A_tuf_repository_and_its_initial_root_come_from_the_variables()
    {
        _env[SigstoreFlags.TufUrlVariable] = "https://tuf.example/repo/";
        _env[SigstoreFlags.TufRootVariable] = File("root.json", "{\"signed\":{}}");

        var options = Read();

        Assert.Equal(new Uri("https://tuf.example/repo/"), options!.TufUrl);
        Assert.Equal("{\"signed\":{}}"u8.ToArray(), options.TufInitialRoot);
        Assert.Null(options.TrustedRootJson);
    }

    [Fact]
    public void A_flag_wins_over_its_variable()
    {
        _env[SigstoreFlags.TrustedRootVariable] = Path.Combine(_dir, "missing.json");

        var options = Read("--sigstore-trusted-root", File("flag.json", "from the flag"));

        Assert.Equal("from the flag"u8.ToArray(), options!.TrustedRootJson);
    }

    [Fact]
    public void A_trusted_root_and_a_tuf_url_are_mutually_exclusive() =>
        Assert.Equal(
            "--sigstore-trusted-root and $FLUX_MIRROR_SIGSTORE_TUF_URL are mutually exclusive: a trusted root file is used as is, nothing is fetched",
            Error(env: (SigstoreFlags.TufUrlVariable, "https://tuf.example/"), "--sigstore-trusted-root", File("r.json", "{}")));

    [Fact]
    public void A_tuf_url_needs_its_initial_root() =>
        Assert.Equal(
            "--sigstore-tuf-url needs --sigstore-tuf-root (or $FLUX_MIRROR_SIGSTORE_TUF_ROOT): the repository's initial root.json",
            Error(null, "--sigstore-tuf-url", "https://tuf.example/"));

    [Fact]
    public void A_tuf_root_without_a_tuf_url_is_refused() =>
        Assert.Equal(
            "--sigstore-tuf-root applies only with --sigstore-tuf-url (or $FLUX_MIRROR_SIGSTORE_TUF_URL)",
            Error(null, "--sigstore-tuf-root", File("root.json", "{}")));

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://tuf.example/")]
    [InlineData("/relative/path")]
    public void An_invalid_tuf_url_is_refused(string url) =>
        Assert.Equal(
            $"invalid argument \"{url}\" for \"--sigstore-tuf-url\": not an http or https URL",
            Error(null, "--sigstore-tuf-url", url, "--sigstore-tuf-root", File("root.json", "{}")));

    [Fact]
    public void A_missing_file_is_refused_with_gos_wording()
    {
        var missing = Path.Combine(_dir, "missing.json");

        Assert.Equal($"--sigstore-trusted-root: open {missing}: no such file or directory", Error(null, "--sigstore-trusted-root", missing));
    }

    [Fact]
    public void A_directory_or_an_empty_file_is_refused()
    {
        Assert.Equal($"$FLUX_MIRROR_SIGSTORE_TRUSTED_ROOT: read {_dir}: is a directory", Error((SigstoreFlags.TrustedRootVariable, _dir)));
        var empty = File("empty.json", "");
        Assert.Equal($"--sigstore-trusted-root: {empty} is empty", Error(null, "--sigstore-trusted-root", empty));
    }

    [Fact]
    public async Task On_the_command_line_a_bad_flag_is_one_line_and_the_flag_error_exit_code()
    {
        var missing = Path.Combine(_dir, "missing.json");

        var result = await CliRunner.RunAsync("sync", "--sigstore-trusted-root", missing, Path.Combine(_dir, "config.yaml"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ --sigstore-trusted-root: open {missing}: no such file or directory\n", result.Stderr);
    }

    [Fact]
    public async Task Sync_help_names_the_flags_their_variables_and_the_tuf_cache()
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Contains("--sigstore-trusted-root FILE", result.Stdout);
        Assert.Contains("--sigstore-tuf-url URL", result.Stdout);
        Assert.Contains("--sigstore-tuf-root FILE", result.Stdout);
        Assert.Contains("$FLUX_MIRROR_SIGSTORE_TRUSTED_ROOT", result.Stdout);
        Assert.Contains("$XDG_CACHE_HOME/flux-mirror/tuf", result.Stdout);
    }

    [Fact]
    public async Task Completion_offers_the_flags()
    {
        var result = await CliRunner.RunAsync("__completeNoDesc", "sync", "--sigstore-");

        Assert.Equal("--sigstore-trusted-root\n--sigstore-tuf-url\n--sigstore-tuf-root\n:4\n", result.Stdout);
    }

    private SigstoreOptions? Read(params string[] args) =>
        SigstoreFlags.Read(FlagParser.Parse(SyncFlags.All, args), name => _env.GetValueOrDefault(name));

    private string Error((string Name, string Value)? env, params string[] args)
    {
        if (env is { } variable)
        {
            _env[variable.Name] = variable.Value;
        }

        return Assert.Throws<CliException>(() => Read(args)).Message;
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }
}
