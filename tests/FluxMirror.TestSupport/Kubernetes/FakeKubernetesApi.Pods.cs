using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Kubernetes;

/// <summary>
/// Pods as Cluster Bootstrap's discovery sees them: <c>GET /api/v1/namespaces/{ns}/pods?labelSelector=…</c> answers a
/// v1 PodList of the added pods whose labels match the selector (equality-based: <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k</c>, comma-separated; anything else is a 400 as from the real API server).
/// </summary>
public sealed partial class FakeKubernetesApi
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _pods = new();

    /// <summary>A running pod with <paramref name="podIp"/> and one container exposing <paramref name="ports"/> (name → port).</summary>
    public void AddPod(string ns, string name, IDictionary<string, string> labels, string podIp, params (string Name, int Port)[] ports)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _pods[(ns, name)] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = ToJson(labels), ["uid"] = Guid.NewGuid().ToString() },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "flux-mirror",
                    ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["containerPort"] = p.Port, ["protocol"] = "TCP" })]),
                }),
            },
            ["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = podIp, ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }) },
        };
    }

    private void MapPods(WebApplication app) => app.MapGet("/api/v1/namespaces/{ns}/pods", (string ns, string? labelSelector) =>
    {
        if (Selector(labelSelector) is not { } requirements)
        {
            return KubeStatus.Failure(400, "BadRequest", $"unable to parse requirement: {labelSelector}");
        }

        var items = _pods
            .Where(p => p.Key.Namespace == ns && requirements.All(r => r((JsonObject)p.Value["metadata"]!["labels"]!)))
            .OrderBy(p => p.Key.Name, StringComparer.Ordinal)
            .Select(p => (JsonNode)p.Value.DeepClone());
        return Results.Json(new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        });
    });

    private static List<Func<JsonObject, bool>>? Selector(string? text)
    {
        var requirements = new List<Func<JsonObject, bool>>();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negated = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Split(negated ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts[0].Length == 0 || parts[0].IndexOfAny([' ', '(', ')', '!']) >= 0)
            {
                return null;
            }

            var (key, value) = (parts[0], parts.Length == 2 ? parts[1] : null);
            requirements.Add(labels =>
            {
                var actual = labels[key]?.GetValue<string>();
                return value is null ? actual is not null : negated ? actual != value : actual == value;
            });
        }

        return requirements;
    }
}
