using System.Security.Cryptography;
using System.Text;

namespace FluxMirror.Coordinator.Api;

/// <summary>
/// Checks a presented bearer token against the coordinator's API token in constant time. Both sides are compared as
/// SHA-256 hashes, so the comparison always covers 32 bytes: neither where the first difference is nor the expected
/// token's length shows in how long a refusal takes. Only the hash is kept, so this object cannot leak the token.
/// </summary>
public sealed class ApiTokenComparer
{
    private readonly byte[] _expectedHash;

    public ApiTokenComparer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _expectedHash = Hash(token);
    }

    public bool Matches(ReadOnlySpan<char> presented) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), _expectedHash);

    public override string ToString() => "ApiTokenComparer(sha256:<redacted>)";

    private static byte[] Hash(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        try
        {
            return SHA256.HashData(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
