using System.Net.Http.Json;
using FluxMirror.Actors.Jobs;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.ApiClient;

/// <summary>
/// <c>sync --cluster URL[,URL…]</c>: submits the (locally validated) config text to a coordinator's job API,
/// follows its event stream into the same observers as the embedded run and returns the same report. When
/// the stream breaks (the coordinator was stopped or died; the job goes on under another one) it follows the
/// job again, round the given URLs (a Service name is one URL), for up to <see cref="ReconnectFor"/>.
/// </summary>
public static class ClusterSync
{
    public static readonly Flag ClusterFlag = new("cluster", null, FlagKind.String, "", "Run the job on a flux-mirror cluster: the coordinator's job API URL (e.g. http://127.0.0.1:8080); several, comma-separated, to follow the job through a coordinator fail-over.", "URL");

    /// <summary>How long a broken event stream is retried: a coordinator fail-over takes the downing time plus recovery.</summary>
    public static readonly TimeSpan ReconnectFor = TimeSpan.FromMinutes(3);

    public static async Task<SyncReport> RunAsync(string urls, SubmitJobRequest request, IJobObserver observer, TextWriter stderr, CancellationToken ct)
    {
        var coordinators = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CoordinatorApiClient.Create).ToList();
        try
        {
            var accepted = await CoordinatorApiClient.PostAsync<SubmitJobRequest, SubmitJobResponse>(coordinators[0], "jobs", request, ct);
            return await FollowAsync(coordinators, accepted.JobId, new ReconnectObserver(new ResumeAnnouncer(observer, stderr)), stderr, ct);
        }
        finally
        {
            coordinators.ForEach(c => c.Dispose());
        }
    }

    private static async Task<SyncReport> FollowAsync(IReadOnlyList<HttpClient> coordinators, string jobId, ReconnectObserver observer, TextWriter stderr, CancellationToken ct)
    {
        var giveUpAt = DateTimeOffset.UtcNow + ReconnectFor;
        for (var attempt = 0; ; attempt++)
        {
            var http = coordinators[attempt % coordinators.Count];
            try
            {
                observer.StreamOpened();
                if (await FollowOnceAsync(http, jobId, observer, ct) is { } report)
                {
                    return report;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                // Connection refused or reset: the next attempt says so if it is the last.
            }

            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                throw new CliException($"lost the event stream of job {jobId} and no coordinator resumed it within {ReconnectFor.TotalMinutes:0} minutes; `flux-mirror job show {jobId} --cluster URL` tells how it goes");
            }

            await stderr.WriteLineAsync($"lost the event stream of job {jobId}; following it again");
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, 1 << Math.Min(attempt, 3))), ct);
        }
    }

    /// <summary>One event stream: the report when it ends with JobFinished, null when it ends early.</summary>
    private static async Task<SyncReport?> FollowOnceAsync(HttpClient http, string jobId, IJobObserver observer, CancellationToken ct)
    {
        using var response = await http.GetAsync($"jobs/{Uri.EscapeDataString(jobId)}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        if ((int)response.StatusCode >= 500)
        {
            return null; // the coordinator is starting or stopping: try again
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(await CoordinatorApiClient.ErrorOfAsync(response, ct));
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            switch (JobEventCodec.Decode(line))
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
