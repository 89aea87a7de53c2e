using System.Buffers.Text;
using System.Text;

namespace FluxMirror.Bench.Credentials;

/// <summary>A JWT-shaped token with only an <c>exp</c>: all the token caches read.</summary>
internal static class UnsignedJwt
{
    public static string Expiring(DateTimeOffset exp) =>
        Part("""{"alg":"none"}""") + "." + Part($$"""{"exp":{{exp.ToUnixTimeSeconds()}}}""") + ".";

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
