using System.Buffers.Text;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using FluxMirror.Domain.Keygen;
using FluxMirror.Registry.Credentials.Tokens.Jwk;

namespace FluxMirror.Tests.Unit.Domain.Keygen;

public sealed class SigningKeyPairTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fm-keygen-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Both_files_are_jwk_sets_of_one_key_in_go_jose_member_order_with_a_shared_uuid_v6_kid()
    {
        var files = await SigningKeyPair.WriteAsync(_root, Ct);

        var privateText = await File.ReadAllTextAsync(files.PrivatePath, Ct);
        var publicText = await File.ReadAllTextAsync(files.PublicPath, Ct);
        Assert.Equal(["use", "kty", "kid", "crv", "alg", "x", "d"], MemberNames(privateText));
        Assert.Equal(["use", "kty", "kid", "crv", "alg", "x"], MemberNames(publicText));
        var key = SingleKey(privateText);
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("OKP", key.GetProperty("kty").GetString());
        Assert.Equal("Ed25519", key.GetProperty("crv").GetString());
        Assert.Equal("EdDSA", key.GetProperty("alg").GetString());
        Assert.Equal(files.KeyId, key.GetProperty("kid").GetString());
        Assert.Equal(files.KeyId, SingleKey(publicText).GetProperty("kid").GetString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-6[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", files.KeyId);
        var d = Base64Url.DecodeFromChars(key.GetProperty("d").GetString());
        Assert.Equal(Ed25519.PublicKey(d), Base64Url.DecodeFromChars(SingleKey(publicText).GetProperty("x").GetString()));
    }

    [Fact]
    public async Task The_layout_is_go_marshal_indent_with_two_spaces_and_a_final_newline()
    {
        var files = await SigningKeyPair.WriteAsync(_root, Ct);

        var text = await File.ReadAllTextAsync(files.PublicPath, Ct);
        var x = SingleKey(text).GetProperty("x").GetString();
        Assert.Equal(
            $"{{\n  \"keys\": [\n    {{\n      \"use\": \"sig\",\n      \"kty\": \"OKP\",\n      \"kid\": \"{files.KeyId}\",\n" +
            $"      \"crv\": \"Ed25519\",\n      \"alg\": \"EdDSA\",\n      \"x\": \"{x}\"\n    }}\n  ]\n}}\n",
            text);
    }

    [Fact]
    public async Task The_private_key_signs_what_the_public_key_verifies()
    {
        var files = await SigningKeyPair.WriteAsync(_root, Ct);

        var signer = JwkKey.Parse(await File.ReadAllTextAsync(files.PrivatePath, Ct));
        var message = Encoding.ASCII.GetBytes("header.claims");
        var x = Base64Url.DecodeFromChars(SingleKey(await File.ReadAllTextAsync(files.PublicPath, Ct)).GetProperty("x").GetString());
        Assert.Equal("EdDSA", signer.Algorithm);
        Assert.Equal(files.KeyId, signer.KeyId);
        Assert.True(Ed25519.Verify(x, message, signer.Sign(message)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_private_file_is_0600_the_public_0644_and_missing_directories_are_created_0755()
    {
        var dir = Path.Combine(_root, "keys", "registry");

        var files = await SigningKeyPair.WriteAsync(dir, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.PrivatePath));
        Assert.Equal((UnixFileMode)0b110_100_100 & ~Umask(), File.GetUnixFileMode(files.PublicPath));
        Assert.Equal((UnixFileMode)0b111_101_101 & ~Umask(), File.GetUnixFileMode(Path.Combine(_root, "keys")));
    }

    [Theory]
    [InlineData("privkey.json")]
    [InlineData("pubkey.json")]
    public async Task An_existing_file_is_refused_before_anything_is_written(string existing)
    {
        await File.WriteAllTextAsync(Path.Combine(_root, existing), "keep me", Ct);

        var ex = await Assert.ThrowsAsync<KeygenException>(() => SigningKeyPair.WriteAsync(_root, Ct));

        Assert.Equal($"{Path.Combine(_root, existing)} already exists, refusing to overwrite", ex.Message);
        Assert.Equal([existing], Directory.GetFiles(_root).Select(Path.GetFileName));
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(_root, existing), Ct));
    }

    [Fact]
    public async Task A_failed_public_write_removes_the_private_file()
    {
        var writer = new FailingSecondWrite();

        var ex = await Assert.ThrowsAsync<KeygenException>(() => SigningKeyPair.WriteAsync(_root, writer, Ct));

        Assert.Equal($"write public key set: open {Path.Combine(_root, "pubkey.json")}: no space left on device", ex.Message);
        Assert.Equal([Path.Combine(_root, "privkey.json"), Path.Combine(_root, "pubkey.json")], writer.Paths);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public async Task Paths_are_joined_and_cleaned_like_go_filepath_join()
    {
        var files = await SigningKeyPair.WriteAsync($"{_root}/./keys//registry/", Ct);

        Assert.Equal($"{_root}/keys/registry/privkey.json", files.PrivatePath);
        Assert.Equal($"{_root}/keys/registry/pubkey.json", files.PublicPath);
    }

    [Fact]
    public async Task An_output_directory_that_is_a_file_is_reported_like_go()
    {
        var file = Path.Combine(_root, "plain");
        await File.WriteAllTextAsync(file, "", Ct);

        var ex = await Assert.ThrowsAsync<KeygenException>(() => SigningKeyPair.WriteAsync(file, Ct));

        Assert.Equal($"create output directory: mkdir {file}: not a directory", ex.Message);
    }

    [Fact]
    public async Task An_empty_output_directory_is_refused()
    {
        var ex = await Assert.ThrowsAsync<KeygenException>(() => SigningKeyPair.WriteAsync("", Ct));

        Assert.Equal("output directory is required", ex.Message);
    }

    private static JsonElement SingleKey(string text) => Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray());

    private static List<string> MemberNames(string text) => [.. SingleKey(text).EnumerateObject().Select(p => p.Name)];

    [UnsupportedOSPlatform("windows")]
    private static UnixFileMode Umask()
    {
        // The process umask applies to modes given at creation, as it does to Go's os.OpenFile and os.MkdirAll.
        var probe = Path.Combine(Path.GetTempPath(), $"fm-umask-{Guid.NewGuid():N}");
        using (File.Create(probe))
        {
        }

        try
        {
            return ~File.GetUnixFileMode(probe) & (UnixFileMode)0b110_110_110;
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>Writes the first (private) file for real and fails the second like a full disk would.</summary>
    private sealed class FailingSecondWrite : IKeySetFileWriter
    {
        public List<string> Paths { get; } = [];

        public async Task CreateNewAsync(string path, string content, UnixFileMode mode, CancellationToken ct)
        {
            Paths.Add(path);
            if (Paths.Count == 2)
            {
                throw new IOException("no space left on device");
            }

            await ExclusiveKeySetFileWriter.Instance.CreateNewAsync(path, content, mode, ct);
        }
    }
}
