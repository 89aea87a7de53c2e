using FluxMirror.TestSupport.Cli;

namespace FluxMirror.Tests.Unit.Coordinator.Cli;

/// <summary><c>flux-mirror keygen</c>'s surface: the two ✔ lines, refusals as one ✗ line.</summary>
public sealed class KeygenCommandLineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fm-keygen-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Prints_the_private_then_the_public_path()
    {
        var dir = Path.Combine(_root, "keys");

        var result = await CliRunner.RunAsync("keygen", "-o", dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"✔ private key set written to: {dir}/privkey.json\n✔ public key set written to: {dir}/pubkey.json\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task An_existing_key_file_is_one_line_and_exit_1()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "privkey.json"), "{}", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("keygen", "--output-dir", _root);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ {_root}/privkey.json already exists, refusing to overwrite\n", result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.False(File.Exists(Path.Combine(_root, "pubkey.json")));
    }

    [Fact]
    public async Task The_global_timeout_is_refused_not_ignored()
    {
        var result = await CliRunner.RunAsync("keygen", "-o", _root, "--timeout", "5s");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ --timeout does not apply to \"flux-mirror keygen\": it waits for nothing\n", result.Stderr);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public async Task Positional_arguments_are_refused()
    {
        var result = await CliRunner.RunAsync("keygen", "sig");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ unknown command \"sig\" for \"flux-mirror keygen\"\n", result.Stderr);
    }
}
