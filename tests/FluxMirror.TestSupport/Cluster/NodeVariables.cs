using System.Globalization;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>The FLUX_MIRROR_* variables a test node process starts with, as an operator would set them on 127.0.0.1.</summary>
internal static class NodeVariables
{
    public static Dictionary<string, string?> Base(int port, string? seeds, string postgres, int? httpPort, string workDirectory) => new()
    {
        ["FLUX_MIRROR_HOSTNAME"] = "127.0.0.1",
        ["FLUX_MIRROR_PUBLIC_HOSTNAME"] = null,
        ["FLUX_MIRROR_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["FLUX_MIRROR_SEEDS"] = seeds,
        ["FLUX_MIRROR_POSTGRES"] = postgres,
        ["FLUX_MIRROR_HTTP_PORT"] = httpPort?.ToString(CultureInfo.InvariantCulture),
        ["FLUX_MIRROR_HTTP_HOST"] = null,
        // Several nodes share this machine: no fixed side ports unless a test asks for them.
        ["FLUX_MIRROR_OPERATOR_PORT"] = "off",
        ["FLUX_MIRROR_MANAGEMENT_PORT"] = "off",
        ["FLUX_MIRROR_MAX_REQUESTS_PER_HOST"] = null,
        // Loopback without a token, whatever the developer exported for their CLI.
        ["FLUX_MIRROR_API_TOKEN"] = null,
        ["FLUX_MIRROR_API_TOKEN_FILE"] = null,
        // A killed node is downed and its shards move within seconds (production: 20 s + 10 s).
        ["FLUX_MIRROR_DOWN_UNREACHABLE_AFTER"] = "5s",
        ["FLUX_MIRROR_DOWN_REMOVAL_MARGIN"] = "1s",
        // Never the developer's credentials or state.
        ["HOME"] = workDirectory,
        ["DOCKER_CONFIG"] = Directory.CreateDirectory(Path.Combine(workDirectory, ".docker")).FullName,
        ["DOTNET_NOLOGO"] = "1",
    };
}
