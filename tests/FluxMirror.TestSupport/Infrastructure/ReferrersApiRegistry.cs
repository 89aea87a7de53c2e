using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A registry with the OCI distribution 1.1 referrers API, which Debian's docker-registry (distribution 2.8) lacks:
/// an in-process front on 127.0.0.1 over a real <see cref="RegistryProcess"/> that forwards every request and
/// additionally answers <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c> from the manifests pushed through it
/// with a <c>subject</c> (those PUTs are answered with <c>OCI-Subject</c>, telling clients not to maintain a
/// fallback tag).
/// </summary>
public sealed partial class ReferrersApiRegistry : IAsyncDisposable
{
    private const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ReferrersIndexStore _store = new();
    private int _referrersQueries;

    private ReferrersApiRegistry(RegistryProcess backend, int port)
    {
        Backend = backend;
        Host = $"127.0.0.1:{port}";
        BaseUri = new Uri($"http://{Host}");
        _upstream = HttpForwarding.UpstreamClient();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(BaseUri.ToString());
        _app = builder.Build();
        _app.Run(ServeAsync);
        Seeder = new RegistrySeeder(BaseUri) { RegistryListsReferrers = true };
    }

    /// <summary>"127.0.0.1:&lt;port&gt;" of the front: the registry part of image references.</summary>
    public string Host { get; }

    public Uri BaseUri { get; }

    /// <summary>The docker-registry behind the front (what is really stored, tags included).</summary>
    public RegistryProcess Backend { get; }

    /// <summary>Seeds through the front, so pushed referrers are listed by the API and no fallback tag is written.</summary>
    public RegistrySeeder Seeder { get; }

    /// <summary>How many referrers API requests were answered.</summary>
    public int ReferrersQueries => Volatile.Read(ref _referrersQueries);

    public static async Task<ReferrersApiRegistry> StartAsync(CancellationToken ct = default)
    {
        var backend = await RegistryProcess.StartAsync(ct: ct);
        try
        {
            var registry = new ReferrersApiRegistry(backend, FreePort.Next());
            await registry._app.StartAsync(ct);
            return registry;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks the front's referrers API over HTTP, as a client would: the index's descriptors and the
    /// <c>OCI-Filters-Applied</c> header (null when absent).
    /// </summary>
    public async Task<(IReadOnlyList<JsonObject> Descriptors, string? FiltersApplied)> QueryReferrersAsync(
        string repository, string subject, string? artifactType = null, CancellationToken ct = default)
    {
        using var http = LoopbackHttp.CreateClient(BaseUri, TimeSpan.FromSeconds(10));
        var query = artifactType is null ? "" : "?artifactType=" + Uri.EscapeDataString(artifactType);
        using var response = await http.GetAsync($"/v2/{repository}/referrers/{subject}{query}", ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != IndexMediaType)
        {
            throw new InvalidOperationException($"referrers answered {response.Content.Headers.ContentType}");
        }

        var index = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(ct))!;
        var filters = response.Headers.TryGetValues("OCI-Filters-Applied", out var values) ? values.Single() : null;
        return ([.. index["manifests"]!.AsArray().Select(d => d!.AsObject())], filters);
    }

    public async ValueTask DisposeAsync()
    {
        Seeder.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstream.Dispose();
        await Backend.DisposeAsync();
    }

    private Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (HttpMethods.IsGet(request.Method) && ReferrersPath().Match(path) is { Success: true } referrers)
        {
            return AnswerReferrersAsync(context, referrers.Groups["name"].Value, referrers.Groups["digest"].Value);
        }

        if (ManifestPath().Match(path) is { Success: true } manifest)
        {
            if (HttpMethods.IsPut(request.Method))
            {
                return PutManifestAsync(context, manifest.Groups["name"].Value);
            }

            if (HttpMethods.IsDelete(request.Method))
            {
                return DeleteManifestAsync(context, manifest.Groups["name"].Value, manifest.Groups["reference"].Value);
            }
        }

        return HttpForwarding.ForwardAsync(context, _upstream, Backend.BaseUri, $"http://{Host}");
    }

    private async Task AnswerReferrersAsync(HttpContext context, string repository, string digest)
    {
        Interlocked.Increment(ref _referrersQueries);
        if (!DigestSyntax().IsMatch(digest))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "DIGEST_INVALID", message = "provided digest did not match uploaded content" } } }, context.RequestAborted);
            return;
        }

        // The spec: a registry with the API never answers 404 here, an unknown subject has an empty list.
        var artifactType = context.Request.Query["artifactType"].FirstOrDefault();
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = IndexMediaType,
            ["manifests"] = new JsonArray([.. _store.List(repository, digest, artifactType)]),
        };
        if (artifactType is not null)
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = IndexMediaType;
        await context.Response.Body.WriteAsync(ImageDocuments.Serialize(index), context.RequestAborted);
    }

    private async Task PutManifestAsync(HttpContext context, string repository)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > MaxManifestBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var manifest = body.ToArray();
        context.Request.Body = new MemoryStream(manifest);
        context.Request.ContentLength = manifest.Length;
        using var forwarded = HttpForwarding.UpstreamRequest(context.Request, Backend.BaseUri);
        using var response = await _upstream.SendAsync(forwarded, context.RequestAborted);
        HttpForwarding.CopyResponseHeaders(response, context.Response, Backend.BaseUri, $"http://{Host}");
        if (response.IsSuccessStatusCode
            && _store.Record(repository, Digests.Sha256(manifest), manifest, context.Request.ContentType) is { } subject)
        {
            context.Response.Headers["OCI-Subject"] = subject;
        }

        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    private async Task DeleteManifestAsync(HttpContext context, string repository, string reference)
    {
        using var forwarded = HttpForwarding.UpstreamRequest(context.Request, Backend.BaseUri);
        using var response = await _upstream.SendAsync(forwarded, context.RequestAborted);
        HttpForwarding.CopyResponseHeaders(response, context.Response, Backend.BaseUri, $"http://{Host}");
        if (response.IsSuccessStatusCode && DigestSyntax().IsMatch(reference))
        {
            _store.Remove(repository, reference);
        }

        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    [GeneratedRegex("^/v2/(?<name>.+)/referrers/(?<digest>[^/]+)$")]
    private static partial Regex ReferrersPath();

    [GeneratedRegex("^/v2/(?<name>.+)/manifests/(?<reference>[^/]+)$")]
    private static partial Regex ManifestPath();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestSyntax();
}
