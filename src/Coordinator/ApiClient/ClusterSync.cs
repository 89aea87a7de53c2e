using System.Diagnostics;
using System.Runtime.Serialization;
using System.Text.Json;
using FluxMirror.Actors.Jobs;
using FluxMirror.Coordinator.Api;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.ApiClient;

/// <summary>
/// <c>sync --cluster URL[,URL…]</c>: submits the (locally validated) config text to a coordinator's job API,
/// follows its event stream into the same observers as the embedded run and returns the same report. When
/// the stream is lost (the coordinator was stopped, died or was cut off; the job goes on under another one) it
/// follows the job again round the given URLs (a Service name is one URL), with backoff, for up to the reconnect
/// timeout since the stream was lost.
/// </summary>
public static class ClusterSync
{
    public static readonly Flag ClusterFlag = new("cluster", null, FlagKind.String, "", "Run the job on a flux-mirror cluster: the coordinator's job API URL (e.g. http://127.0.0.1:8080); several, comma-separated, to follow the job through a coordinator fail-over.", "URL") { ValueCompletion = ShellCompDirective.NoFileComp };

    public static readonly Flag ReconnectTimeoutFlag = new("reconnect-timeout", null, FlagKind.Duration, "3m0s", "With --cluster: how long to keep following the job again, round the given URLs, after its event stream is lost, before giving up (the job goes on). A coordinator fail-over takes the downing time plus recovery.", "DURATION");

    public static readonly Flag ApiTokenFileFlag = new("api-token-file", null, FlagKind.String, "", $"With --cluster: a file holding the coordinator API's bearer token (trailing newline ignored); overrides ${ApiTokenReader.TokenVariable}.", "PATH");

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The reconnect timeout of the parsed sync flags; an error when set without --cluster (it would do nothing).</summary>
    public static TimeSpan ReconnectTimeout(ParsedArgs args, bool cluster)
    {
        if (!cluster)
        {
            return args.IsSet(ReconnectTimeoutFlag.Name)
                ? throw new CliException($"--{ReconnectTimeoutFlag.Name} applies only with --cluster")
                : TimeSpan.Zero;
        }

        var timeout = args.Duration(ReconnectTimeoutFlag.Name);
        return timeout > TimeSpan.Zero ? timeout : throw new CliException($"--{ReconnectTimeoutFlag.Name} must be greater than 0");
    }

    /// <summary>
    /// The API token a --cluster command sends: --api-token-file, else $FLUX_MIRROR_API_TOKEN, else none. Without
    /// --cluster, --api-token-file is an error (it would do nothing) and the variable is not read.
    /// </summary>
    public static string? ApiToken(ParsedArgs args, bool cluster, Func<string, string?>? getEnv = null)
    {
        if (!cluster)
        {
            return args.IsSet(ApiTokenFileFlag.Name)
                ? throw new CliException($"--{ApiTokenFileFlag.Name} applies only with --cluster")
                : null;
        }

        var file = args.String(ApiTokenFileFlag.Name);
        if (args.IsSet(ApiTokenFileFlag.Name) && file.Length == 0)
        {
            throw new CliException($"--{ApiTokenFileFlag.Name} needs a file name");
        }

        return ApiTokenReader.ForClient(file, getEnv ?? Environment.GetEnvironmentVariable);
    }

    public static async Task<SyncReport> RunAsync(string urls, SubmitJobRequest request, IJobObserver observer, TextWriter stderr, TimeSpan reconnectFor, CancellationToken ct, ApiTimeouts? timeouts = null, string? apiToken = null)
    {
        var coordinators = CoordinatorApiClient.CreateAll(urls, timeouts, apiToken);
        try
        {
            var accepted = await SubmitAsync(coordinators, request, ct);
            return await FollowAsync(coordinators, accepted.JobId, new ReconnectObserver(new ResumeAnnouncer(observer, stderr)), stderr, reconnectFor, ct);
        }
        finally
        {
            foreach (var coordinator in coordinators)
            {
                coordinator.Dispose();
            }
        }
    }

    // To the first coordinator that takes a connection: a request that never left cannot be accepted twice.
    private static async Task<SubmitJobResponse> SubmitAsync(IReadOnlyList<CoordinatorApiClient> coordinators, SubmitJobRequest request, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await coordinators[i].PostAsync<SubmitJobRequest, SubmitJobResponse>("jobs", request, ct);
            }
            catch (CoordinatorUnavailableException ex) when (ex.NotSent && i + 1 < coordinators.Count)
            {
            }
        }
    }

    private static async Task<SyncReport> FollowAsync(IReadOnlyList<CoordinatorApiClient> coordinators, string jobId, ReconnectObserver observer, TextWriter stderr, TimeSpan reconnectFor, CancellationToken ct)
    {
        Stopwatch? lost = null;
        var retries = 0;
        for (var attempt = 0; ; attempt++)
        {
            var coordinator = coordinators[attempt % coordinators.Count];
            string failure;
            try
            {
                // Events flow again: whatever was lost is found, and a later loss gets a fresh bound.
                if (await FollowOnceAsync(coordinator, jobId, observer, () => (lost, retries) = (null, 0), ct) is { } report)
                {
                    return report;
                }

                failure = $"the event stream from {coordinator.Url} ended before the job did";
            }
            catch (CoordinatorUnavailableException ex)
            {
                failure = ex.Message;
            }

            if (lost is null)
            {
                lost = Stopwatch.StartNew();
                await stderr.WriteLineAsync($"lost the event stream of job {jobId}; following it again");
            }

            // The last attempt starts at the bound at the latest, so the CLI gives up within the bound plus one attempt.
            var left = reconnectFor - lost.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new CliException($"lost the event stream of job {jobId} and could not follow it again within {GoDuration.Format(reconnectFor)} (last: {failure}); the job goes on: `flux-mirror job show {jobId} --cluster URL` tells how it goes");
            }

            await Task.Delay(TimeSpan.FromTicks(Math.Min(Backoff(retries++).Ticks, left.Ticks)), ct);
        }
    }

    /// <summary>1, 2, 4, then 5 s between attempts.</summary>
    private static TimeSpan Backoff(int retry) => TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 1 << Math.Min(retry, 3)));

    /// <summary>One event stream: the report when it ends with JobFinished, null when it ends early.</summary>
    private static async Task<SyncReport?> FollowOnceAsync(CoordinatorApiClient coordinator, string jobId, ReconnectObserver observer, Action following, CancellationToken ct)
    {
        var first = true;
        await foreach (var line in coordinator.StreamLinesAsync($"jobs/{Uri.EscapeDataString(jobId)}/events", ct))
        {
            if (line.Length == 0)
            {
                continue; // the coordinator's heartbeat
            }

            if (first)
            {
                first = false;
                observer.StreamOpened();
                following();
            }

            switch (Decode(coordinator, line))
            {
                case JobRecovered recovered:
                    observer.OnRecovered(recovered);
                    break;
                case EntryPlanned planned:
                    observer.OnPlanned(planned);
                    break;
                case TagRowFinished row:
                    observer.OnRow(row);
                    break;
                case JobProgress progress:
                    observer.OnProgress(progress);
                    break;
                case JobFinished { Error: { } error }:
                    throw new CliException(error); // the job failed as a whole: the embedded run's line and exit code
                case JobFinished finished:
                    return finished.Report;
            }
        }

        return null;
    }

    private static IMirrorMessage Decode(CoordinatorApiClient coordinator, string line)
    {
        try
        {
            return JobEventCodec.Decode(line);
        }
        catch (Exception ex) when (ex is JsonException or SerializationException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new CliException($"the coordinator at {coordinator.Url} sent an event this CLI cannot read; is it the same flux-mirror version?");
        }
    }

    /// <summary>Reads stdin once, at most one byte past the config size limit (the loader reports the overflow).</summary>
    public static byte[] BufferStdin(Stream stdin)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= ConfigSource.MaxBytes && (read = stdin.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The request for a config given as CONFIG or '-' (stdin already read into <paramref name="text"/>).</summary>
    public static SubmitJobRequest Request(byte[] text, string source, JobOptions options, bool noEnvSubst, bool fresh) =>
        new(System.Text.Encoding.UTF8.GetString(text), source, options, noEnvSubst, fresh, SubmitJobRequest.DigestOf(text, options));
}
