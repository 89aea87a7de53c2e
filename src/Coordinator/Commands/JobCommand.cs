using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.Nodes;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Coordinator.Output;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>flux-mirror job list|show ID</c>: the jobs the embedded node has journaled, their progress and who ran what;
/// with --cluster, the cluster's, and <c>job cancel ID</c>.
/// </summary>
public static class JobCommand
{
    public static CommandSpec Spec(CliConsole console) => new(
        "job",
        "job list|show ID|cancel ID [flags]",
        "List journaled sync jobs, show one job's progress, or cancel a cluster job",
        "List the sync jobs in the state directory (list), or show one job's status, progress and how many tags each\nworker node ran (show ID). With --cluster, ask a cluster's coordinator instead.\n" +
        "cancel ID --cluster URL: no tag copy of the job starts any more; every tag not finished yet is reported failed\n" +
        "(\"job cancelled: by an operator\") and the job ends with exit code 1. A copy already running on a worker finishes\n" +
        "there. An embedded job is cancelled with Ctrl-C (it resumes on the next run; --fresh starts over).",
        [SyncFlags.StateDir, AskClusterFlags.Job, ClusterSync.ApiTokenFileFlag],
        2,
        (args, ct) => RunAsync(args, console, ct))
    {
        ValidArgs = ["list", "show", "cancel"],
    };

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var verb = (args.Positionals.Count > 0 ? args.Positionals[0] : null) ?? throw new CliException("job requires a subcommand: list, show ID or cancel ID");
        if (verb is not ("list" or "show" or "cancel"))
        {
            throw new CliException($"unknown command \"{verb}\" for \"flux-mirror job\"");
        }

        var id = verb is "show" or "cancel" ? args.Positionals.ElementAtOrDefault(1) ?? throw new CliException($"job {verb} requires a job ID") : null;
        var timeout = GlobalFlags.OperationTimeout(args);
        var url = args.String(AskClusterFlags.Job.Name);
        var apiToken = ClusterSync.ApiToken(args, cluster: url.Length > 0);
        if (verb == "cancel")
        {
            if (url.Length == 0)
            {
                throw new CliException("job cancel applies only with --cluster URL: an embedded job is stopped with Ctrl-C");
            }

            await console.Stdout.WriteAsync(await CancelAsync(url, apiToken, id!, timeout, ct));
            return 0;
        }

        var text = url.Length > 0
            ? await FromClusterAsync(url, apiToken, id, timeout, ct)
            : await FromStateDirectoryAsync(args.String("state-dir"), id, timeout, ct);
        await console.Stdout.WriteAsync(text);
        return 0;
    }

    private static async Task<string> CancelAsync(string url, string? apiToken, string id, TimeSpan timeout, CancellationToken ct)
    {
        using var coordinator = CoordinatorApiClient.Create(url.Split(',')[0], ApiTimeouts.Within(timeout), apiToken);
        var answer = await coordinator.PostAsync<object, CancelJobResponse>($"jobs/{Uri.EscapeDataString(id)}/cancel", new { }, ct);
        return answer.AlreadyEnding
            ? $"job {answer.JobId} was already cancelled or finishing\n"
            : $"job {answer.JobId} cancelled: tags not finished yet are reported failed (job cancelled: by an operator)\n";
    }

    private static async Task<string> FromClusterAsync(string url, string? apiToken, string? id, TimeSpan timeout, CancellationToken ct)
    {
        using var coordinator = CoordinatorApiClient.Create(url, ApiTimeouts.Within(timeout), apiToken);
        return id is null
            ? JobListText.Format(await coordinator.GetAsync<List<JobSummary>>("jobs", ct))
            : JobShowText.Format(await coordinator.GetAsync<JobDetails>($"jobs/{Uri.EscapeDataString(id)}", ct));
    }

    /// <param name="askTimeout">Bounds each question to the local journal's actors.</param>
    private static async Task<string> FromStateDirectoryAsync(string stateDirFlag, string? id, TimeSpan askTimeout, CancellationToken ct)
    {
        var stateDir = StateStore.ResolveDirectory(stateDirFlag is { Length: > 0 } d ? d : null);
        using var host = EmbeddedNode.Build(StateStore.Open(stateDir), new JobRuntimes());
        await host.StartAsync(ct);
        try
        {
            var index = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobIndex>(ct);
            var jobs = (await index.Ask<JobList>(ListJobs.Instance, askTimeout, ct)).Jobs;
            if (id is null)
            {
                return JobListText.Format(jobs);
            }

            var job = jobs.FirstOrDefault(j => j.Job.JobId == id) ?? throw new CliException($"job \"{id}\" not found in {stateDir}");
            return JobShowText.Format(await JobJournalReader.ReadDetailsAsync(host.Services.GetRequiredService<ActorSystem>(), job, askTimeout, ct));
        }
        catch (JobJournalUnreadableException ex)
        {
            throw new CliException(ex.Message);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
