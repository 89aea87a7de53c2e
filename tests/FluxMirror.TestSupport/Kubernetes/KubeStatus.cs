using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Kubernetes;

/// <summary>The API server's failure body: a <c>v1 Status</c> with message, reason, details and code.</summary>
public static class KubeStatus
{
    public static IResult Failure(int code, string reason, string message, string? name = null) =>
        Results.Json(
            new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = message,
                ["reason"] = reason,
                ["details"] = name is null ? new JsonObject { ["kind"] = "secrets" } : new JsonObject { ["name"] = name, ["kind"] = "secrets" },
                ["code"] = code,
            },
            statusCode: code);

    public static IResult AlreadyExists(string name) => Failure(409, "AlreadyExists", $"secrets \"{name}\" already exists", name);

    public static IResult NotFound(string name) => Failure(404, "NotFound", $"secrets \"{name}\" not found", name);

    public static IResult Conflict(string name) => Failure(
        409, "Conflict", $"Operation cannot be fulfilled on secrets \"{name}\": the object has been modified; please apply your changes to the latest version and try again", name);

    public static IResult Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    public static IResult Forbidden(string user, string verb, string ns, string? name) => Failure(
        403,
        "Forbidden",
        $"secrets{(name is null ? string.Empty : $" \"{name}\"")} is forbidden: User \"{user}\" cannot {verb} resource \"secrets\" in API group \"\" in the namespace \"{ns}\"",
        name);
}
