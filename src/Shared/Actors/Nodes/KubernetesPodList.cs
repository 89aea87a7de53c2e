using System.Net;
using System.Text.Json;
using Akka.Discovery;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Reads a Kubernetes <c>PodList</c> (GET /api/v1/namespaces/{ns}/pods) into bootstrap contact points: running
/// pods that are not being deleted, by pod IP, on the container port named as the bootstrap asks.
/// </summary>
internal static class KubernetesPodList
{
    public static async Task<List<ServiceDiscovery.ResolvedTarget>> ReadTargetsAsync(Stream podList, string? portName, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(podList, cancellationToken: ct).ConfigureAwait(false);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new KubernetesDiscoveryException("the Kubernetes API answered without a pod list (no \"items\" array)");
        }

        return [.. items.EnumerateArray().Select(pod => Target(pod, portName)).OfType<ServiceDiscovery.ResolvedTarget>()];
    }

    private static ServiceDiscovery.ResolvedTarget? Target(JsonElement pod, string? portName)
    {
        // A terminating pod's contact point is about to go away; a pending one has none yet.
        if (Path(pod, "metadata", "deletionTimestamp") is { ValueKind: not JsonValueKind.Null }
            || Path(pod, "status", "phase")?.GetString() != "Running"
            || Path(pod, "status", "podIP")?.GetString() is not { } podIp
            || !IPAddress.TryParse(podIp, out var address))
        {
            return null;
        }

        if (string.IsNullOrEmpty(portName))
        {
            return new ServiceDiscovery.ResolvedTarget(podIp, null, address);
        }

        // The port name must match exactly (Akka.Discovery.KubernetesApi accepts any name containing it).
        var port = Containers(pod)
            .SelectMany(container => Array(container, "ports"))
            .Where(p => p.TryGetProperty("name", out var name) && name.GetString() == portName)
            .Select(p => p.TryGetProperty("containerPort", out var number) && number.TryGetInt32(out var value) ? value : (int?)null)
            .FirstOrDefault(p => p is not null);
        return port is null ? null : new ServiceDiscovery.ResolvedTarget(podIp, port, address);
    }

    private static IEnumerable<JsonElement> Containers(JsonElement pod) =>
        Path(pod, "spec") is { } spec ? Array(spec, "containers") : [];

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static JsonElement? Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }
}
