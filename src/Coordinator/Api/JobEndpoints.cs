using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Hosting.Http;
using FluxMirror.Hosting.Management;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FluxMirror.Coordinator.Api;

/// <summary>The coordinator's HTTP job API and health endpoints.</summary>
public static class JobEndpoints
{
    public const string LivenessPath = "/healthz/live";
    public const string ReadinessPath = "/healthz/ready";

    /// <summary>
    /// The routes that answer without the API token (see <see cref="ApiTokenAuthentication"/>): a kubelet probe carries
    /// no secret, and "live", "ready" or 503 tell a caller nothing it could use.
    /// </summary>
    public static IReadOnlyList<string> ProbePaths { get; } = [LivenessPath, ReadinessPath];

    public static IEndpointRouteBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs", SubmitAsync).RequireJsonBody();
        app.MapGet("/jobs", async (ActorSystem system, ActorRegistry registry, CancellationToken ct) =>
            Results.Ok((await Client(system, registry).ListAsync(ct)).Jobs));
        app.MapGet("/jobs/{id}", ShowAsync);
        app.MapGet("/jobs/{id}/events", JobEventStream.StreamAsync);
        app.MapPost("/jobs/{id}/cancel", CancelAsync).RequireJsonBody();
        // The same checks as the management port's probes (NodeProbes), for clients of the API port.
        app.MapGet(LivenessPath, NodeProbes.LiveAsync);
        app.MapGet(ReadinessPath, NodeProbes.ReadyAsync);
        return app;
    }

    // The body is read here, at most SubmitJobRequest.MaxBodyBytes of it (the config loader's own limit), and every
    // refusal is one JSON error line. The job's identity is computed from what was submitted, never taken from the
    // client; the options and the config are checked again by the job manager, whatever the client checked.
    private static async Task<IResult> SubmitAsync(HttpContext http, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        SubmitJobRequest? request;
        try
        {
            request = await ReadRequestAsync(http.Request, ct);
        }
        catch (RequestTooLargeException)
        {
            return Results.Json(new ApiError($"the request body is larger than the {SubmitJobRequest.MaxBodyBytes / (1024 * 1024)} MiB limit"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (JsonException ex)
        {
            return Results.BadRequest(new ApiError($"the request body is not a job request: {ex.Message}"));
        }

        if (request is null || string.IsNullOrEmpty(request.Config))
        {
            return Results.BadRequest(new ApiError("config required: the request body must carry the config text"));
        }

        if (JobOptionsValidator.FirstError(request.EffectiveOptions) is { } optionsError)
        {
            return Results.BadRequest(new ApiError(optionsError));
        }

        var submit = new SubmitJob(request.Config, request.Source ?? "http", request.ServerDigest, request.EffectiveOptions, request.NoEnvSubst, request.Fresh);
        try
        {
            var accepted = await Client(system, registry).SubmitAsync(submit, ct);
            return Results.Ok(new SubmitJobResponse(accepted.JobId, accepted.Resumed));
        }
        catch (JobRejectedException ex) when (ex.Busy)
        {
            http.Response.Headers.RetryAfter = "30";
            return Results.Json(new ApiError(ex.Message), statusCode: StatusCodes.Status429TooManyRequests);
        }
        catch (JobRejectedException ex)
        {
            return Results.BadRequest(new ApiError(ex.Message));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new ApiError("the job manager did not answer in time; is the cluster up?"), statusCode: 503);
        }
    }

    private static async Task<SubmitJobRequest?> ReadRequestAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > SubmitJobRequest.MaxBodyBytes)
        {
            throw new RequestTooLargeException();
        }

        // A chunked body has no length up front: count while reading, one byte past the limit at most.
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > SubmitJobRequest.MaxBodyBytes)
            {
                throw new RequestTooLargeException();
            }

            body.Write(buffer, 0, read);
        }

        return body.Length == 0 ? null : JsonSerializer.Deserialize<SubmitJobRequest>(body.GetBuffer().AsSpan(0, (int)body.Length), JsonSerializerOptions.Web);
    }

    private sealed class RequestTooLargeException : Exception;

    // Progress and tags per worker come from the job's journal, read on this node.
    private static async Task<IResult> ShowAsync(string id, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if ((await Client(system, registry).ListAsync(ct)).Jobs.FirstOrDefault(j => j.Job.JobId == id) is not { } job)
        {
            return Results.NotFound(new ApiError($"job {id} not found"));
        }

        try
        {
            return Results.Ok(await JobJournalReader.ReadDetailsAsync(system, job, JobManagerClient.AskTimeout, ct));
        }
        catch (JobJournalUnreadableException ex)
        {
            return Results.Json(new ApiError(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (TimeoutException)
        {
            return Results.Json(new ApiError($"the journal of job {id} could not be read in time; try again"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> CancelAsync(string id, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        try
        {
            var answered = await Client(system, registry).CancelAsync(id, "by an operator", ct);
            return Results.Ok(new CancelJobResponse(answered.JobId, answered.AlreadyEnding));
        }
        catch (JobRejectedException ex)
        {
            return Results.NotFound(new ApiError(ex.Message));
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new ApiError("the job manager did not answer in time; is the cluster up?"), statusCode: 503);
        }
    }

    private static JobManagerClient Client(ActorSystem system, ActorRegistry registry) => new(system, registry.Get<JobManager>());
}
