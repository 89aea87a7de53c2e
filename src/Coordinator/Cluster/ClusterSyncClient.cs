using System.Net.Http.Json;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Output;
using FluxMirror.Shared.Mirroring;
using FluxMirror.Shared.Protocol;
using FluxMirror.Shared.Reporting;

namespace FluxMirror.Coordinator.Cluster;

/// <summary>
/// <c>sync --cluster URL</c>: submits the (locally validated) config text to a coordinator's job API, follows
/// its event stream into the same observers as the embedded run and returns the same report.
/// </summary>
public static class ClusterSyncClient
{
    public static readonly Flag ClusterFlag = new("cluster", null, FlagKind.String, "", "Run the job on a flux-mirror cluster: the coordinator's job API URL (e.g. http://127.0.0.1:8080).", "URL");

    public static async Task<SyncReport> RunAsync(string url, SubmitJobRequest request, IJobObserver observer, TextWriter stderr, CancellationToken ct)
    {
        using var http = JobApiHttp.Create(url);
        var accepted = await SubmitAsync(http, request, ct);
        return await FollowAsync(http, accepted.JobId, new ResumeAnnouncer(observer, stderr), ct);
    }

    private static async Task<SubmitJobResponse> SubmitAsync(HttpClient http, SubmitJobRequest request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("jobs", request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"cannot reach the coordinator at {http.BaseAddress}: {ex.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(await JobApiHttp.ErrorOfAsync(response, ct));
            }

            return await response.Content.ReadFromJsonAsync<SubmitJobResponse>(ct)
                ?? throw new CliException("the coordinator answered an empty body");
        }
    }

    private static async Task<SyncReport> FollowAsync(HttpClient http, string jobId, IJobObserver observer, CancellationToken ct)
    {
        using var response = await http.GetAsync($"jobs/{Uri.EscapeDataString(jobId)}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(await JobApiHttp.ErrorOfAsync(response, ct));
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
                case JobFinished finished:
                    return finished.Report;
            }
        }

        throw new CliException($"the coordinator closed the event stream of job {jobId} before it finished");
    }

    /// <summary>Reads stdin once, at most one byte past the config size limit (the loader reports the overflow).</summary>
    public static byte[] BufferStdin(Stream stdin)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= Shared.Config.ConfigSource.MaxBytes && (read = stdin.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The request for a config given as CONFIG or '-' (stdin already read into <paramref name="text"/>).</summary>
    public static SubmitJobRequest Request(byte[] text, string source, JobOptions options, bool noEnvSubst, bool fresh) =>
        new(System.Text.Encoding.UTF8.GetString(text), source, options, noEnvSubst, fresh, SubmitJobRequest.DigestOf(text, options));
}
