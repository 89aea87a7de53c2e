using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.TestSupport.Kubernetes;

/// <summary>
/// The slice of a Kubernetes API server that <c>secret</c> talks to, over HTTPS with a <see cref="CloudTrust"/>
/// certificate and the real wire protocol: bearer-token authentication (401 Status), a namespace the caller may not
/// touch (403 Status), Secrets create (201 / 409 AlreadyExists), get (200 / 404 NotFound) and replace (200 / 409
/// Conflict on a stale resourceVersion / 422 without one), the legacy discovery documents kubectl needs to
/// map a Secret, and pod lists for Cluster Bootstrap (FakeKubernetesApi.Pods.cs). Every request is recorded, body included.
/// </summary>
public sealed partial class FakeKubernetesApi : IAsyncDisposable
{
    /// <summary>Who the token authenticates as, in 403 messages.</summary>
    public const string UserName = "system:serviceaccount:flux-system:flux-mirror";

    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _secrets = new();
    private readonly Lock _gate = new();
    private CloudHttpsServer _server = null!;
    private long _resourceVersion = 1000;
    private int _writersAfterRead;

    private FakeKubernetesApi(string token) => Token = token;

    /// <summary>The only bearer token the server accepts.</summary>
    public string Token { get; }

    public string Server => $"https://127.0.0.1:{_server.Port}";

    public ISet<string> ForbiddenNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Namespaces where the caller may create but not read Secrets (an RBAC Role without <c>get</c>).</summary>
    public ISet<string> UnreadableNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Namespaces whose create never answers (until the client gives up): for timeouts.</summary>
    public ISet<string> HangingNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public static async Task<FakeKubernetesApi> StartAsync(CloudTrust trust, string token, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var api = new FakeKubernetesApi(token);
        api._server = await CloudHttpsServer.StartAsync(trust, ["kubernetes.default.svc"], api.Map, ct: ct);
        return api;
    }

    /// <summary>Simulates another writer replacing the Secret right after each of the next <paramref name="count"/> reads.</summary>
    public void InterleaveWriterAfterReads(int count) => Volatile.Write(ref _writersAfterRead, count);

    public JsonObject Seed(string ns, string name, IDictionary<string, string>? labels = null, IDictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = ToJson(labels);
        }

        if (annotations is not null)
        {
            metadata["annotations"] = ToJson(annotations);
        }

        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = "kubernetes.io/dockerconfigjson",
            ["data"] = new JsonObject { [".dockerconfigjson"] = Convert.ToBase64String("{\"auths\":{}}"u8) },
        };
        Store(ns, name, secret);
        return secret;
    }

    /// <summary>The stored Secret, or null.</summary>
    public JsonObject? Get(string ns, string name) => _secrets.TryGetValue((ns, name), out var s) ? (JsonObject)s.DeepClone() : null;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static JsonObject ToJson(IDictionary<string, string> map) => new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
            {
                await KubeStatus.Unauthorized().ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        // Legacy discovery, enough for kubectl to map a Secret manifest (kubectl apply --dry-run=client).
        app.MapGet("/api", () => Results.Json(new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") }));
        app.MapGet("/apis", () => Results.Json(new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray() }));
        app.MapGet("/api/v1", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = "secrets",
                ["singularName"] = "secret",
                ["namespaced"] = true,
                ["kind"] = "Secret",
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
            }),
        }));
        MapPods(app);
        app.MapPost("/api/v1/namespaces/{ns}/secrets", CreateAsync);
        app.MapGet("/api/v1/namespaces/{ns}/secrets/{name}", Read);
        app.MapPut("/api/v1/namespaces/{ns}/secrets/{name}", ReplaceAsync);
    }

    private async Task<IResult> CreateAsync(string ns, HttpRequest request)
    {
        var body = await ReadBodyAsync(request);
        var name = body?["metadata"]?["name"]?.GetValue<string>();
        if (HangingNamespaces.Contains(ns))
        {
            await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        }

        if (ForbiddenNamespaces.Contains(ns))
        {
            return KubeStatus.Forbidden(UserName, "create", ns, null);
        }

        if (body is null || name is null)
        {
            return KubeStatus.Failure(400, "BadRequest", "the body of the request was in an unknown format");
        }

        lock (_gate)
        {
            if (_secrets.ContainsKey((ns, name)))
            {
                return KubeStatus.AlreadyExists(name);
            }

            return Results.Json(Store(ns, name, body), statusCode: 201);
        }
    }

    private IResult Read(string ns, string name)
    {
        if (ForbiddenNamespaces.Contains(ns) || UnreadableNamespaces.Contains(ns))
        {
            return KubeStatus.Forbidden(UserName, "get", ns, name);
        }

        lock (_gate)
        {
            if (!_secrets.TryGetValue((ns, name), out var secret))
            {
                return KubeStatus.NotFound(name);
            }

            var served = secret.DeepClone();
            if (_writersAfterRead > 0)
            {
                _writersAfterRead--;
                Store(ns, name, (JsonObject)secret.DeepClone());
            }

            return Results.Json(served);
        }
    }

    private async Task<IResult> ReplaceAsync(string ns, string name, HttpRequest request)
    {
        var body = await ReadBodyAsync(request);
        if (ForbiddenNamespaces.Contains(ns))
        {
            return KubeStatus.Forbidden(UserName, "update", ns, name);
        }

        if (body is null)
        {
            return KubeStatus.Failure(400, "BadRequest", "the body of the request was in an unknown format");
        }

        lock (_gate)
        {
            if (!_secrets.TryGetValue((ns, name), out var current))
            {
                return KubeStatus.NotFound(name);
            }

            var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(sent))
            {
                return KubeStatus.Failure(422, "Invalid", $"Secret \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", name);
            }

            if (sent != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return KubeStatus.Conflict(name);
            }

            body["metadata"]!["uid"] = current["metadata"]!["uid"]!.DeepClone();
            body["metadata"]!["creationTimestamp"] = current["metadata"]!["creationTimestamp"]!.DeepClone();
            return Results.Json(Store(ns, name, body));
        }
    }

    private JsonObject Store(string ns, string name, JsonObject secret)
    {
        var metadata = (JsonObject)(secret["metadata"] ??= new JsonObject());
        metadata["namespace"] = ns;
        metadata["resourceVersion"] = Interlocked.Increment(ref _resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["creationTimestamp"] ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        _secrets[(ns, name)] = secret;
        return (JsonObject)secret.DeepClone();
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
