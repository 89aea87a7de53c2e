using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using FluxMirror.Protocol.Routing;
using Microsoft.AspNetCore.Http;

namespace FluxMirror.Coordinator.Api;

/// <summary>
/// <c>GET /jobs/{id}/events</c>: newline-delimited JSON, one event per line (<see cref="JobEventCodec"/>), flushed per
/// event, ending with the <see cref="JobFinished"/> line that carries the report (or early, when the job's hub goes
/// away or drops a follower that fell behind: the client follows again). Every wait has a bound:
/// <list type="bullet">
/// <item>The job manager answers a follow at once (the job's hub sends a catch-up that holds at least the job's
/// progress, or the report, or a refusal). No answer within
/// <see cref="FirstAnswerTimeout"/> means it is unreachable: its node died and is not downed yet, and the singleton
/// proxy sent the follow to the dead node, where it is lost. 503, and the follower tries again.</item>
/// <item>While no event comes, an empty line every <see cref="HeartbeatInterval"/> shows the follower that this end is
/// alive, so the follower's idle timeout can tell a quiet job from a dead connection (a coordinator cut off the network
/// sends no RST).</item>
/// </list>
/// A finished job whose hub has gone (it stays a few minutes; a job manager that moved has none for finished jobs) is
/// replayed from its journal: its rows, then its report (or, for a job that failed as a whole, the reason).
/// </summary>
public static class JobEventStream
{
    public static readonly TimeSpan FirstAnswerTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HeartbeatInterval = StreamHeartbeat.Interval;
    private const string ContentType = "application/x-ndjson";
    private static readonly byte[] Heartbeat = "\n"u8.ToArray();

    public static async Task StreamAsync(string id, HttpContext http, ActorSystem system, ActorRegistry registry)
    {
        var ct = http.RequestAborted;
        var client = new JobManagerClient(system, registry.Get<JobManager>());
        using var following = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = client.FollowAsync(id, following.Token).GetAsyncEnumerator(following.Token);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            bool any;
            try
            {
                any = await next.WaitAsync(FirstAnswerTimeout, ct);
            }
            catch (TimeoutException) when (!next.IsCompleted)
            {
                await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "the job manager did not answer in time; it may be moving to another coordinator", ct);
                return;
            }
            catch (JobRejectedException ex) when (ex.Busy)
            {
                // The job or this coordinator has as many followers as it serves.
                await WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, ex.Message, ct);
                return;
            }
            catch (JobRejectedException ex)
            {
                await ReplayFinishedAsync(id, ex.Message, http, system, client, ct);
                return;
            }

            http.Response.ContentType = ContentType;
            while (any)
            {
                await WriteLineAsync(http, events.Current, ct);
                next = events.MoveNextAsync().AsTask();
                any = await HeartbeatUntilAsync(next, http, ct);
            }
        }
        finally
        {
            // Stop following before letting go of the enumerator, which must not be disposed with a read pending.
            await following.CancelAsync();
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await events.DisposeAsync();
        }
    }

    private static async Task<bool> HeartbeatUntilAsync(Task<bool> next, HttpContext http, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await next.WaitAsync(HeartbeatInterval, ct);
            }
            catch (TimeoutException) when (!next.IsCompleted)
            {
                await WriteHeartbeatAsync(http, ct);
            }
        }
    }

    // The hub is gone: a job that ran to its end is replayed from its journal, one that failed as a whole from its
    // close; any other is not running.
    private static async Task ReplayFinishedAsync(string id, string rejection, HttpContext http, ActorSystem system, JobManagerClient client, CancellationToken ct)
    {
        JobState state;
        try
        {
            switch ((await client.ListAsync(ct)).Jobs.FirstOrDefault(j => j.Job.JobId == id))
            {
                case { Closed.Error: { } reason } failed:
                    http.Response.ContentType = ContentType;
                    await WriteLineAsync(http, JobFinished.Failed(id, reason, failed.Closed.ClosedAt), ct);
                    return;
                case { Closed: not null } job:
                    state = await JobJournalReader.ReadStateAsync(system, job, JobManagerClient.AskTimeout, ct);
                    break;
                default:
                    await WriteErrorAsync(http, StatusCodes.Status404NotFound, rejection, ct);
                    return;
            }
        }
        catch (Exception ex) when (ex is AskTimeoutException or TimeoutException)
        {
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, $"job {id} has finished, but its report could not be read in time; try again", ct);
            return;
        }
        catch (JobJournalUnreadableException ex)
        {
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, $"job {id} has finished, but its report could not be read: {ex.Message}", ct);
            return;
        }

        if (state.Completed is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status404NotFound, $"job {id} was closed without a report in its journal", ct);
            return;
        }

        http.Response.ContentType = ContentType;
        await WriteLineAsync(http, new JobRecovered(id, state.OrderedPlans(), state.OrderedRows()), ct);
        await WriteLineAsync(http, state.Progress(id), ct);
        await WriteLineAsync(http, new JobFinished(id, state.Report(ReporterName.Value)), ct);
    }

    private static async Task WriteLineAsync(HttpContext http, IMirrorMessage message, CancellationToken ct)
    {
        await JobEventCodec.WriteLineAsync(http.Response.Body, message, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private static async Task WriteHeartbeatAsync(HttpContext http, CancellationToken ct)
    {
        await http.Response.Body.WriteAsync(Heartbeat, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string error, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new ApiError(error), ct);
    }
}
