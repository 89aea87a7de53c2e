using System.Security.Cryptography;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Credentials.Tokens.Jwk;

namespace FluxMirror.Domain.Keygen;

/// <summary>
/// <c>keygen</c>: a fresh Ed25519 key pair written into a directory as <c>privkey.json</c> (0600) and
/// <c>pubkey.json</c> (0644), two JWK sets sharing a UUIDv6 <c>kid</c>, following the reference step for step:
/// mkdir -p 0755, refuse if either file exists before writing anything, the private file first, and the private
/// file removed again if the public write fails, so a failed run never leaves a key without its public half.
/// </summary>
public static class SigningKeyPair
{
    public const string PrivateFileName = "privkey.json";
    public const string PublicFileName = "pubkey.json";

    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static Task<KeyPairFiles> WriteAsync(string directory, CancellationToken ct) =>
        WriteAsync(directory, ExclusiveKeySetFileWriter.Instance, ct);

    public static async Task<KeyPairFiles> WriteAsync(string directory, IKeySetFileWriter writer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (string.IsNullOrEmpty(directory))
        {
            throw new KeygenException("output directory is required");
        }

        CreateDirectory(directory);
        var publicPath = Join(directory, PublicFileName);
        var privatePath = Join(directory, PrivateFileName);
        foreach (var path in (string[])[publicPath, privatePath])
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new KeygenException($"{path} already exists, refusing to overwrite");
            }
        }

        var seed = RandomNumberGenerator.GetBytes(Ed25519.KeySize);
        try
        {
            var publicKey = Ed25519.PublicKey(seed);
            var keyId = UuidV6.New();
            await WriteOrThrowAsync(writer, privatePath, KeySetJson.Private(publicKey, seed, keyId), PrivateMode, "write private key set", ct);
            try
            {
                await WriteOrThrowAsync(writer, publicPath, KeySetJson.Public(publicKey, keyId), PublicMode, "write public key set", ct);
            }
            catch
            {
                File.Delete(privatePath);
                throw;
            }

            return new KeyPairFiles(privatePath, publicPath, keyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Go's <c>filepath.Join(dir, name)</c>: cleaned, so <c>./keys/</c> yields <c>keys/privkey.json</c>.</summary>
    private static string Join(string directory, string name) =>
        OperatingSystem.IsWindows() ? Path.Join(directory, name) : PosixPath.Clean($"{directory}/{name}");

    private static void CreateDirectory(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Go's MkdirAll stops at the first existing path that is a file and reports ENOTDIR for it.
            throw new KeygenException(FileOnTheWay(directory) is { } file
                ? $"create output directory: mkdir {file}: not a directory"
                : $"create output directory: mkdir {directory}: {Reason(ex, directory)}");
        }
    }

    private static async Task WriteOrThrowAsync(IKeySetFileWriter writer, string path, string content, UnixFileMode mode, string what, CancellationToken ct)
    {
        try
        {
            await writer.CreateNewAsync(path, content, mode, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeygenException($"{what}: open {path}: {Reason(ex, path)}");
        }
    }

    /// <summary>The errno text Go would print; .NET's own messages name the path again and differ by platform.</summary>
    private static string Reason(Exception ex, string path) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "no such file or directory",
        IOException when File.Exists(path) || Directory.Exists(path) => "file exists",
        IOException when AncestorIsFile(path) => "not a directory",
        _ => ex.Message,
    };

    private static bool AncestorIsFile(string path) => FileOnTheWay(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "") is not null;

    /// <summary><paramref name="directory"/> or its nearest existing ancestor when that is a file, as given (relative stays relative).</summary>
    private static string? FileOnTheWay(string directory)
    {
        for (var path = directory.TrimEnd('/'); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                return path;
            }

            if (Directory.Exists(path))
            {
                return null;
            }
        }

        return null;
    }
}
