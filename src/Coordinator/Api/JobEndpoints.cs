using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using AkkaCluster = Akka.Cluster.Cluster;

namespace FluxMirror.Coordinator.Api;

/// <summary>The coordinator's HTTP job API and health endpoints.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs", SubmitAsync);
        app.MapGet("/jobs", async (ActorSystem system, ActorRegistry registry, CancellationToken ct) =>
            Results.Ok((await Client(system, registry).ListAsync(ct)).Jobs));
        app.MapGet("/jobs/{id}", ShowAsync);
        app.MapGet("/jobs/{id}/events", StreamEventsAsync);
        app.MapGet("/healthz/live", (ActorSystem system) =>
            system.WhenTerminated.IsCompleted ? Results.StatusCode(503) : Results.Ok("live"));
        app.MapGet("/healthz/ready", (ActorSystem system) =>
            AkkaCluster.Get(system).SelfMember.Status == Akka.Cluster.MemberStatus.Up ? Results.Ok("ready") : Results.StatusCode(503));
        return app;
    }

    private static async Task<IResult> SubmitAsync(SubmitJobRequest? request, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if (request is null || string.IsNullOrEmpty(request.Config))
        {
            return Results.BadRequest(new ApiError("config required: the request body must carry the config text"));
        }

        var submit = new SubmitJob(request.Config, request.Source ?? "http", request.EffectiveDigest, request.EffectiveOptions, request.NoEnvSubst, request.Fresh);
        try
        {
            var accepted = await Client(system, registry).SubmitAsync(submit, ct);
            return Results.Ok(new SubmitJobResponse(accepted.JobId, accepted.Resumed));
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

    // Progress and tags per worker come from the job's journal, read on this node.
    private static async Task<IResult> ShowAsync(string id, ActorSystem system, ActorRegistry registry, CancellationToken ct)
    {
        if ((await Client(system, registry).ListAsync(ct)).Jobs.FirstOrDefault(j => j.Job.JobId == id) is not { } job)
        {
            return Results.NotFound(new ApiError($"job {id} not found"));
        }

        return Results.Ok(await JobJournalReader.ReadDetailsAsync(system, job, JobManagerClient.AskTimeout, ct));
    }

    // Newline-delimited JSON, flushed per event, ending with the JobFinished line that carries the report.
    private static async Task StreamEventsAsync(string id, HttpContext http, ActorSystem system, ActorRegistry registry)
    {
        var ct = http.RequestAborted;
        var events = Client(system, registry).FollowAsync(id, ct);
        await using var enumerator = events.GetAsyncEnumerator(ct);
        bool any;
        try
        {
            any = await enumerator.MoveNextAsync();
        }
        catch (JobRejectedException ex)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new ApiError(ex.Message), ct);
            return;
        }

        http.Response.ContentType = "application/x-ndjson";
        while (any)
        {
            await http.Response.WriteAsync(JobEventCodec.Encode(enumerator.Current) + "\n", ct);
            await http.Response.Body.FlushAsync(ct);
            any = await enumerator.MoveNextAsync();
        }
    }

    private static JobManagerClient Client(ActorSystem system, ActorRegistry registry) => new(system, registry.Get<JobManager>());
}
