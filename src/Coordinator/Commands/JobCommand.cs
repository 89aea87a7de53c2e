using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Coordinator.Jobs;
using FluxMirror.Coordinator.Output;
using FluxMirror.Shared.Protocol;
using FluxMirror.Worker.TagCopy;
using Microsoft.Extensions.DependencyInjection;

namespace FluxMirror.Coordinator.Commands;

/// <summary><c>flux-mirror job list|show ID</c>: the jobs the embedded node has journaled, their progress and who ran what.</summary>
public static class JobCommand
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static CommandSpec Spec(CliConsole console) => new(
        "job",
        "job list|show ID [flags]",
        "List journaled sync jobs or show one job's progress",
        "List the sync jobs in the state directory (list), or show one job's status, progress and how many tags each\nworker node ran (show ID).",
        [SyncFlags.StateDir],
        2,
        (args, ct) => RunAsync(args, console, ct));

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var verb = args.Positionals.FirstOrDefault() ?? throw new CliException("job requires a subcommand: list or show ID");
        if (verb is not ("list" or "show"))
        {
            throw new CliException($"unknown command \"{verb}\" for \"flux-mirror job\"");
        }

        var stateDir = StateStore.ResolveDirectory(args.String("state-dir") is { Length: > 0 } d ? d : null);
        using var host = EmbeddedNode.Build(StateStore.Open(stateDir), new JobRuntimes());
        await host.StartAsync(ct);
        try
        {
            var index = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<JobIndex>(ct);
            var jobs = (await index.Ask<JobList>(ListJobs.Instance, AskTimeout, ct)).Jobs;
            if (verb == "list")
            {
                await console.Stdout.WriteAsync(JobListText.Format(jobs));
                return 0;
            }

            var id = args.Positionals.ElementAtOrDefault(1) ?? throw new CliException("job show requires a job ID");
            var job = jobs.FirstOrDefault(j => j.Job.JobId == id) ?? throw new CliException($"job \"{id}\" not found in {stateDir}");
            var system = host.Services.GetRequiredService<ActorSystem>();
            var done = new TaskCompletionSource<JobRecovered>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new JobJournalReader(id, job.Job.EntryCount, done)));
            var recovered = await done.Task.WaitAsync(AskTimeout, ct);
            await console.Stdout.WriteAsync(JobShowText.Format(job, JobState.From(job.Job.EntryCount, recovered.Plans, recovered.Rows)));
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
